package dev.rightsflow.connectors.databases;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The JDBC contract against a real PostgreSQL server started for the run (skipped, saying why, where none is installed). */
class PostgresqlConnectorTest extends JdbcConnectorContractTest {

    @RegisterExtension
    static final LocalDatabaseServer DB = LocalDatabaseServer.postgresql();

    private static final PostgresqlConnector CONNECTOR = new PostgresqlConnector();

    @AfterAll
    static void closePools() {
        CONNECTOR.close();
    }

    @Override
    protected LocalDatabaseServer db() {
        return DB;
    }

    @Override
    protected JdbcConnector shared() {
        return CONNECTOR;
    }
}
