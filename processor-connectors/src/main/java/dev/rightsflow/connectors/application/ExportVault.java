package dev.rightsflow.connectors.application;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

import dev.rightsflow.connectors.model.TaskRecord;
import dev.rightsflow.connectors.spi.ExportedRecord;
import dev.rightsflow.connectors.spi.Outcome;
import tools.jackson.databind.json.JsonMapper;

/**
 * Where export results wait for their package: one encrypted JSON file per export task under
 * {@code <packages dir>/exports/}, named by task id. Kept on disk (not in MongoDB) so that a
 * rebuild of the projections from Kafka finds them again through {@code TaskCompleted.exportRef}.
 */
public final class ExportVault {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final Path directory;
    private final PackageCipher cipher;

    /** One system's export for one request. */
    public record ExportFile(String taskId, String requestId, String systemId, String connector, String right, boolean subjectFound,
            String summary, String evidence, List<Entry> records) {

        /** An exported record as stored. */
        public record Entry(String category, ExportedRecord.Provenance provenance, Map<String, Object> fields) {
        }

        public static ExportFile of(TaskRecord task, Outcome.Completed done) {
            return new ExportFile(task.taskId(), task.requestId(), task.systemId(), task.connector(), task.right(), done.subjectFound(),
                    done.summary(), null, done.exported().stream().map(r -> new Entry(r.category(), r.provenance(), r.fields())).toList());
        }

        public static ExportFile confirmed(TaskRecord task, boolean subjectFound, String evidence) {
            return new ExportFile(task.taskId(), task.requestId(), task.systemId(), task.connector(), task.right(), subjectFound,
                    "searched by a person", evidence, List.of());
        }
    }

    public ExportVault(Path directory, PackageCipher cipher) {
        this.directory = directory.resolve("exports");
        this.cipher = cipher;
    }

    /** Stores the export (replacing any earlier one of the same task); returns its reference. */
    public String write(ExportFile file) {
        String ref = "exports/" + file.taskId() + ".json.enc";
        try {
            Files.createDirectories(directory);
            Path target = directory.resolve(file.taskId() + ".json.enc");
            Path temp = Files.createTempFile(directory, file.taskId(), ".tmp");
            Files.write(temp, cipher.encrypt(JSON.writeValueAsBytes(file), file.taskId()));
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return ref;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store the export of task " + file.taskId(), e);
        }
    }

    public ExportFile read(String taskId) {
        try {
            byte[] stored = Files.readAllBytes(directory.resolve(taskId + ".json.enc"));
            return JSON.readValue(cipher.decrypt(stored, taskId), ExportFile.class);
        } catch (IOException e) {
            throw new UncheckedIOException("the export of task " + taskId + " is missing", e);
        }
    }

    /** Removes a task's export (once its package has expired: UK GDPR Art 5(1)(e), storage limitation). */
    public void delete(String taskId) {
        try {
            Files.deleteIfExists(directory.resolve(taskId + ".json.enc"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the export of task " + taskId, e);
        }
    }

    public boolean exists(String taskId) {
        return Files.exists(directory.resolve(taskId + ".json.enc"));
    }
}
