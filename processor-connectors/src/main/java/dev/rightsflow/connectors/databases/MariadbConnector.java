package dev.rightsflow.connectors.databases;

import java.time.Duration;
import java.util.List;
import java.util.Properties;

/**
 * MariaDB and MySQL through MariaDB Connector/J (which speaks the MySQL protocol to both). The
 * secret holds {@code jdbc:mariadb://host:3306/database?user=...&password=...} (also for a MySQL
 * server); identifiers are quoted with backticks. Timeouts per
 * https://mariadb.com/kb/en/about-mariadb-connector-j/ (connectTimeout and socketTimeout in ms).
 */
public final class MariadbConnector extends JdbcConnector {

    @Override
    public String name() {
        return "mariadb";
    }

    @Override
    public String documentation() {
        return "processor-connectors/README.md#database-connectors (https://mariadb.com/kb/en/about-mariadb-connector-j/)";
    }

    @Override
    protected List<String> urlPrefixes() {
        return List.of("jdbc:mariadb:");
    }

    @Override
    protected String driverClass() {
        return "org.mariadb.jdbc.Driver";
    }

    @Override
    protected String quote(String identifier) {
        return '`' + identifier + '`';
    }

    @Override
    protected String asText(String quotedColumn) {
        return "CAST(" + quotedColumn + " AS CHAR)";
    }

    @Override
    protected Properties timeouts(Duration connect, Duration socket) {
        Properties properties = new Properties();
        properties.setProperty("connectTimeout", Long.toString(Math.max(1, connect.toMillis())));
        properties.setProperty("socketTimeout", Long.toString(Math.max(1, socket.toMillis())));
        return properties;
    }
}
