package dev.rightsflow.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fails the build when a schema change would break an older reader (forward) or make older events
 * unreadable (backward), measured against the latest released version. A new record must be
 * released before it may be used: see schemas/README.md.
 */
class SchemaCompatibilityTest {

    static Stream<Class<? extends SpecificRecord>> types() {
        return EventCatalog.TYPES.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("types")
    void everyEventHasAReleasedVersion(Class<? extends SpecificRecord> type) {
        assertThat(EventCatalog.releasedVersions(type))
                .as("%s has no released schema: run SchemaRelease (schemas/README.md)", type.getSimpleName())
                .isNotEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("types")
    void currentSchemaReadsEveryReleasedVersion(Class<? extends SpecificRecord> type) {
        Schema current = EventCatalog.currentSchema(type);
        for (Schema released : EventCatalog.releasedVersions(type)) {
            assertCompatible(current, released, "backward: today's reader cannot read released " + type.getSimpleName());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("types")
    void latestReleasedReaderReadsCurrentSchema(Class<? extends SpecificRecord> type) {
        List<Schema> released = EventCatalog.releasedVersions(type);
        Schema latest = released.get(released.size() - 1);
        assertCompatible(latest, EventCatalog.currentSchema(type),
                "forward: the released reader cannot read today's " + type.getSimpleName());
    }

    private static void assertCompatible(Schema reader, Schema writer, String message) {
        var result = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
        assertThat(result.getType()).as(message + ": " + result.getResult().getIncompatibilities())
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }
}
