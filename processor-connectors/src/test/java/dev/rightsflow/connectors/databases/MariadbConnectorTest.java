package dev.rightsflow.connectors.databases;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The JDBC contract against a real MariaDB server started for the run (skipped, saying why, where none is installed). */
class MariadbConnectorTest extends JdbcConnectorContractTest {

    @RegisterExtension
    static final LocalDatabaseServer DB = LocalDatabaseServer.mariadb();

    private static final MariadbConnector CONNECTOR = new MariadbConnector();

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
