package dev.rightsflow.connectors.databases;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientException;

import dev.rightsflow.connectors.spi.Outcome;

/**
 * A database's failure as an {@link Outcome}, by its SQLState class (ISO/IEC 9075, as PostgreSQL's
 * "Appendix A. Error Codes" and MariaDB's error reference list them): no connection (08), a
 * rollback or deadlock (40), resources or an administrator's shutdown (53, 57) and timeouts are
 * retriable; rejected credentials (28) and a data map naming what the database does not have or
 * may not touch (42, 3D, 3F, 0A) are permanent; a constraint (23) or a value that does not fit
 * (22) needs a person, because nothing was changed and only someone who knows the data can
 * decide. The database's own message is never repeated: it can quote the subject's values.
 */
final class DatabaseFailures {

    private DatabaseFailures() {
    }

    static Outcome of(SQLException e, String systemId, String table) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String where = table == null ? "" : " (table " + table + ")";
        String code = state.isEmpty() ? e.getClass().getSimpleName() : "SQLState " + state;
        if (state.startsWith("28")) {
            return new Outcome.PermanentFailure("the database of " + systemId + " refused the user and password in the connection secret ("
                    + code + "): check the secret");
        }
        if (state.startsWith("23")) {
            return new Outcome.NeedsPerson("A constraint of the database of " + systemId + where + " stopped the change (" + code
                    + "), so nothing was changed. Another table probably still refers to the subject's rows: list it in the data map"
                    + " (or match it via its parent) or make the change by hand, then confirm the task.");
        }
        if (state.startsWith("22")) {
            return new Outcome.NeedsPerson("A value does not fit the database of " + systemId + where + " (" + code
                    + "), so nothing was changed. Make the change by hand, then confirm the task.");
        }
        if (state.startsWith("42") || state.startsWith("3D") || state.startsWith("3F") || state.startsWith("0A")) {
            return new Outcome.PermanentFailure("the database of " + systemId + " cannot run what the data map asks" + where + " (" + code
                    + "): a table, column or schema it names does not exist, or the user lacks the privilege; fix the registry or grant it");
        }
        if (state.startsWith("08") || state.startsWith("40") || state.startsWith("53") || state.startsWith("57")
                || e instanceof SQLTransientException || e instanceof SQLRecoverableException || e instanceof SQLTimeoutException) {
            return new Outcome.RetriableFailure("the database of " + systemId + " is unavailable or busy" + where + " (" + code + ")", null);
        }
        return new Outcome.RetriableFailure("the database of " + systemId + " failed unexpectedly" + where + " (" + code + ")", null);
    }
}
