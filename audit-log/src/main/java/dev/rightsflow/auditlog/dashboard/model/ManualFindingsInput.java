package dev.rightsflow.auditlog.dashboard.model;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What staff attach when they confirm a manual task, for the subject's access package (UK GDPR Art 15(3): a copy
 * of the personal data): copies of files they found, records they typed from a system with no export, and the
 * identifiers they searched by (named, never their values). The limits keep one confirmation inside one Kafka
 * record (the broker's default limit is 1 MiB; the files travel sealed with the request's key).
 */
public record ManualFindingsInput(List<String> searchedBy, List<File> files, List<FoundRecord> records) {

    /** At most this many files per confirmation. */
    public static final int MAX_FILES = 5;
    /** At most this many bytes of files per confirmation, all files together (700 KiB). */
    public static final int MAX_FILE_BYTES = 700 * 1024;
    /** At most this many records per confirmation. */
    public static final int MAX_RECORDS = 200;
    /** File types a person can open without special software; checked by name and by content. */
    public static final Map<String, String> TYPES = Map.of("pdf", "application/pdf", "png", "image/png", "jpg", "image/jpeg",
            "jpeg", "image/jpeg", "txt", "text/plain", "csv", "text/csv", "json", "application/json", "eml", "message/rfc822");
    private static final Set<String> TEXT = Set.of("txt", "csv", "json", "eml");

    public ManualFindingsInput {
        searchedBy = searchedBy == null ? List.of() : searchedBy.stream().filter(s -> s != null && !s.isBlank()).map(String::trim).toList();
        files = files == null ? List.of() : List.copyOf(files);
        records = records == null ? List.of() : List.copyOf(records);
    }

    /** A file as uploaded: its name, and its bytes. The media type is decided here, from the name and checked against the content. */
    public record File(String fileName, byte[] content) {
    }

    /** A record typed by staff: what it is, and its fields. */
    public record FoundRecord(String category, Map<String, String> fields) {
        public FoundRecord {
            fields = fields == null ? Map.of() : new LinkedHashMap<>(fields);
        }
    }

    public static ManualFindingsInput none() {
        return new ManualFindingsInput(List.of(), List.of(), List.of());
    }

    public boolean isEmpty() {
        return searchedBy.isEmpty() && files.isEmpty() && records.isEmpty();
    }

    /** The file's name without any directory part, as it will appear in the package. */
    public static String safeName(String fileName) {
        String name = fileName == null ? "" : fileName.replace('\\', '/');
        name = name.substring(name.lastIndexOf('/') + 1).replaceAll("[\\p{Cntrl}]", "").trim();
        return name.length() > 120 ? name.substring(name.length() - 120) : name;
    }

    /** The media type for a file name, or null when the type is not accepted. */
    public static String mediaType(String fileName) {
        String name = safeName(fileName);
        int dot = name.lastIndexOf('.');
        return dot < 0 ? null : TYPES.get(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /** What is wrong with the attachments, field by field; empty when they may be sent. */
    public List<ActionCheck.FieldProblem> problems() {
        List<ActionCheck.FieldProblem> out = new ArrayList<>();
        if (files.size() > MAX_FILES) {
            out.add(new ActionCheck.FieldProblem("files", "attach at most " + MAX_FILES + " files at once"));
        }
        long total = 0;
        for (File f : files) {
            String name = safeName(f.fileName());
            String type = mediaType(name);
            total += f.content() == null ? 0 : f.content().length;
            if (name.isEmpty() || type == null) {
                out.add(new ActionCheck.FieldProblem("files", "'" + name + "' is not a file type the package takes (one of "
                        + String.join(", ", new java.util.TreeSet<>(TYPES.keySet())) + ")"));
            } else if (f.content() == null || f.content().length == 0) {
                out.add(new ActionCheck.FieldProblem("files", "'" + name + "' is empty"));
            } else if (!contentMatches(name, f.content())) {
                out.add(new ActionCheck.FieldProblem("files", "'" + name + "' does not contain what its name says"));
            }
        }
        if (total > MAX_FILE_BYTES) {
            out.add(new ActionCheck.FieldProblem("files", "the files together may be at most " + MAX_FILE_BYTES / 1024
                    + " KiB; split a larger scan over several confirmations or type the records"));
        }
        if (records.size() > MAX_RECORDS) {
            out.add(new ActionCheck.FieldProblem("records", "at most " + MAX_RECORDS + " records at once"));
        }
        for (int i = 0; i < records.size(); i++) {
            FoundRecord r = records.get(i);
            if (r.category() == null || r.category().isBlank()) {
                out.add(new ActionCheck.FieldProblem("records[" + i + "].category", "say what the record is (e.g. 'survey response')"));
            }
            if (r.fields().isEmpty()) {
                out.add(new ActionCheck.FieldProblem("records[" + i + "].fields", "give at least one field: value"));
            }
        }
        return out;
    }

    private static boolean contentMatches(String name, byte[] c) {
        String ext = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        if (TEXT.contains(ext)) {
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(c), java.nio.CharBuffer.allocate(c.length), true)
                    .isUnderflow() && !new String(c, StandardCharsets.UTF_8).contains("\u0000");
        }
        return switch (ext) {
            case "pdf" -> startsWith(c, "%PDF-".getBytes(StandardCharsets.US_ASCII));
            case "png" -> startsWith(c, new byte[] {(byte) 0x89, 'P', 'N', 'G'});
            default -> startsWith(c, new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF}); // jpg, jpeg
        };
    }

    private static boolean startsWith(byte[] content, byte[] prefix) {
        if (content.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (content[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Records as staff type them on the dashboard, one per line: what the record is, then {@code field: value}
     * pairs, all separated by {@code |}, e.g. {@code survey response | question: How did you hear of us? | answer: a
     * friend}. A line without a {@code field: value} pair is kept with no fields, so {@link #problems} names it.
     */
    public static List<FoundRecord> parseRecords(String text) {
        List<FoundRecord> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        for (String line : text.split("\\R")) {
            if (line.isBlank()) {
                continue;
            }
            String[] parts = line.split("\\|");
            Map<String, String> fields = new LinkedHashMap<>();
            for (int i = 1; i < parts.length; i++) {
                int colon = parts[i].indexOf(':');
                if (colon > 0) {
                    fields.put(parts[i].substring(0, colon).trim(), parts[i].substring(colon + 1).trim());
                }
            }
            out.add(new FoundRecord(parts[0].trim(), fields));
        }
        return out;
    }
}
