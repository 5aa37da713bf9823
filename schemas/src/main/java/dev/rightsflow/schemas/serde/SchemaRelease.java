package dev.rightsflow.schemas.serde;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.specific.SpecificRecord;

/**
 * Releases the current schemas: for every record in {@link EventCatalog#TYPES} whose current
 * schema differs (in parsing canonical form) from its latest released version, writes the
 * current schema as the next version under {@code schemas/src/main/resources/avro-released}.
 *
 * <p>Run from the repository root after the compatibility test passes:
 * {@code java -cp schemas/target/classes:<its classpath> dev.rightsflow.schemas.serde.SchemaRelease} (the command
 * with the classpath is in schemas/README.md, "Releasing a schema version").
 * Commit the new files: from then on the compatibility test holds later changes against them.
 */
public final class SchemaRelease {

    private SchemaRelease() {
    }

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : "schemas/src/main/resources/avro-released");
        if (!Files.isDirectory(root.getParent())) {
            root = Path.of("src/main/resources/avro-released");
        }
        int released = 0;
        for (Class<? extends SpecificRecord> type : EventCatalog.TYPES) {
            Schema current = EventCatalog.currentSchema(type);
            List<Schema> versions = EventCatalog.releasedVersions(type);
            if (!versions.isEmpty() && SchemaNormalization.parsingFingerprint64(versions.get(versions.size() - 1))
                    == SchemaNormalization.parsingFingerprint64(current)) {
                continue;
            }
            Path file = root.resolve(current.getFullName()).resolve("v" + (versions.size() + 1) + ".avsc");
            Files.createDirectories(file.getParent());
            Files.writeString(file, current.toString(true) + "\n");
            released++;
            System.out.println("released " + root.relativize(file));
        }
        System.out.println(released == 0 ? "nothing to release" : released + " schema version(s) released");
    }
}
