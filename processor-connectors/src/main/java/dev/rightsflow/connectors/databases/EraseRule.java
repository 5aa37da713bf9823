package dev.rightsflow.connectors.databases;

import java.util.List;
import java.util.Objects;

/**
 * What erasure (Art 17) means for one table or collection, as the system's data map says.
 * Sealed: every connector handles each case.
 * <ul>
 *   <li>{@link Delete}: the subject's rows go.</li>
 *   <li>{@link Nullify}: the rows stay (another party's record, e.g. a survey response the
 *       organisation may keep once anonymous) and the named columns are set to null.</li>
 *   <li>{@link Retain}: the rows are kept under an Art 17(3) exemption, counted and named in the
 *       outcome with the exemption and its legal basis.</li>
 * </ul>
 */
public sealed interface EraseRule {

    /** The rows are deleted. */
    record Delete() implements EraseRule {
    }

    /** The named columns (fields) are set to null; the rows stay. */
    record Nullify(List<String> columns) implements EraseRule {
        public Nullify {
            columns = List.copyOf(columns);
        }
    }

    /**
     * The rows are kept under an exemption.
     *
     * @param exemption  why, in words a person understands (e.g. "payment records kept 6 years for HMRC")
     * @param legalBasis the Art 17(3) ground, e.g. "Art 17(3)(b) legal obligation"
     */
    record Retain(String exemption, String legalBasis) implements EraseRule {
        public Retain {
            Objects.requireNonNull(exemption, "exemption");
            Objects.requireNonNull(legalBasis, "legalBasis");
        }
    }
}
