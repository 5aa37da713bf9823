package dev.rightsflow.connectors.databases;

import java.time.Duration;
import java.util.List;
import java.util.Properties;

/**
 * PostgreSQL through its JDBC driver (pgjdbc). The secret holds
 * {@code jdbc:postgresql://host:5432/database?user=...&password=...}; identifiers are quoted with
 * double quotes, so the data map names tables and columns exactly as the database does (usually
 * lower case). Timeouts per https://jdbc.postgresql.org/documentation/use/ (connectTimeout and
 * socketTimeout in seconds).
 */
public final class PostgresqlConnector extends JdbcConnector {

    @Override
    public String name() {
        return "postgresql";
    }

    @Override
    public String documentation() {
        return "processor-connectors/README.md#database-connectors (https://jdbc.postgresql.org/documentation/use/)";
    }

    @Override
    protected List<String> urlPrefixes() {
        return List.of("jdbc:postgresql:");
    }

    @Override
    protected String driverClass() {
        return "org.postgresql.Driver";
    }

    @Override
    protected String quote(String identifier) {
        return '"' + identifier + '"';
    }

    @Override
    protected String asText(String quotedColumn) {
        return "CAST(" + quotedColumn + " AS TEXT)";
    }

    @Override
    protected Properties timeouts(Duration connect, Duration socket) {
        Properties properties = new Properties();
        properties.setProperty("connectTimeout", Long.toString(Math.max(1, connect.toSeconds())));
        properties.setProperty("socketTimeout", Long.toString(Math.max(1, socket.toSeconds())));
        properties.setProperty("ApplicationName", "rightsflow");
        return properties;
    }
}
