package dev.rightsflow.connectors.tasks.application;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

import dev.rightsflow.connectors.spi.ExportedRecord;
import dev.rightsflow.connectors.spi.Outcome;
import dev.rightsflow.connectors.spi.TaskSubject;
import dev.rightsflow.connectors.tasks.model.TaskRecord;

/**
 * Where export results wait for their package: one encrypted JSON file per export task under
 * {@code <packages dir>/exports/}, named by task id. Kept on disk (not in MongoDB) so that a
 * rebuild of the projections from Kafka finds them again through {@code TaskCompleted.exportRef}.
 */
public final class ExportVault {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final Path directory;
    private final PackageCipher cipher;

    /**
     * One system's export for one request.
     *
     * @param searchedBy the identifiers the system was searched by, named (never their values)
     * @param files      copies of files a person found and attached (manual tasks)
     */
    public record ExportFile(String taskId, String requestId, String systemId, String connector, String right, boolean subjectFound,
            String summary, String evidence, List<Entry> records, List<String> searchedBy, List<Attachment> files) {

        public ExportFile {
            records = records == null ? List.of() : List.copyOf(records);
            searchedBy = searchedBy == null ? List.of() : List.copyOf(searchedBy);
            files = files == null ? List.of() : List.copyOf(files);
        }

        /** An exported record as stored. */
        public record Entry(String category, ExportedRecord.Provenance provenance, Map<String, Object> fields) {
        }

        /** A file a person attached: its name (no directory part), media type and bytes. */
        public record Attachment(String fileName, String mediaType, byte[] content) {
        }

        public static ExportFile of(TaskRecord task, Outcome.Completed done) {
            return new ExportFile(task.taskId(), task.requestId(), task.systemId(), task.connector(), task.right(), done.subjectFound(),
                    done.summary(), null, done.exported().stream().map(r -> new Entry(r.category(), r.provenance(), r.fields())).toList(),
                    identifiersOf(task.subject()), List.of());
        }

        /**
         * A person's confirmation: what they found (records typed, files attached) and what they searched by; when they
         * named nothing, the identifiers the task gave them.
         */
        public static ExportFile confirmed(TaskRecord task, boolean subjectFound, String evidence, ManualFindings findings) {
            List<String> searched = findings.searchedBy().isEmpty() ? identifiersOf(task.subject()) : findings.searchedBy();
            return new ExportFile(task.taskId(), task.requestId(), task.systemId(), task.connector(), task.right(), subjectFound,
                    "searched by a person", evidence, findings.records(), searched, findings.files());
        }
    }

    /** What a person attached when confirming a manual task (empty lists: only the evidence text). */
    public record ManualFindings(List<String> searchedBy, List<ExportFile.Attachment> files, List<ExportFile.Entry> records) {
        public ManualFindings {
            searchedBy = searchedBy == null ? List.of() : List.copyOf(searchedBy);
            files = files == null ? List.of() : List.copyOf(files);
            records = records == null ? List.of() : List.copyOf(records);
        }

        public static ManualFindings none() {
            return new ManualFindings(List.of(), List.of(), List.of());
        }
    }

    /** The identifiers a task carried, named in words (never their values): what its system could be searched by. */
    public static List<String> identifiersOf(TaskSubject subject) {
        if (subject == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        if (present(subject.email())) {
            out.add("email address");
        }
        if (present(subject.name())) {
            out.add("name");
        }
        if (present(subject.phone())) {
            out.add("phone number");
        }
        if (present(subject.postalAddress())) {
            out.add("postal address");
        }
        subject.identifiers().entrySet().stream().filter(e -> present(e.getValue())).map(e -> words(e.getKey())).sorted().forEach(out::add);
        return out;
    }

    /** {@code membershipNumber} or {@code membership-number} as "membership number". */
    static String words(String key) {
        return key.replaceAll("([a-z0-9])([A-Z])", "$1 $2").replace('-', ' ').replace('_', ' ').toLowerCase(java.util.Locale.ROOT).trim();
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
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
