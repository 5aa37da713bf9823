package dev.rightsflow.connectors.packages.application;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import dev.rightsflow.connectors.catalogue.model.Art15Information;
import dev.rightsflow.connectors.catalogue.model.SubjectRights;
import dev.rightsflow.connectors.tasks.application.ExportVault;
import dev.rightsflow.deadline.PlainWords;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import dev.rightsflow.schemas.model.Counted;

/**
 * Writes one request's access package, a ZIP:
 * <ul>
 *   <li>{@code data.json}: every system's records, machine-readable (Art 15(3): "in a commonly
 *       used electronic form"; Art 20(1): "structured, commonly used and machine-readable");</li>
 *   <li>{@code systems/<system>.csv}: the same records per system, one row per record;</li>
 *   <li>{@code supplementary-information.json}: Art 15(1)(a)-(h) and 15(2) (access only);</li>
 *   <li>{@code systems/<system>/files/}: copies of files a person found in a system with no API;</li>
 *   <li>{@code README.txt}: the same in words, for a person, opening with the index: per system, what was searched,
 *       by which identifiers (named, never their values), and what was found.</li>
 * </ul>
 * A portability package (Art 20) holds only records the subject provided or that were observed
 * from their use of the service; derived records are left out and the README says how many.
 */
public final class PackageWriter {

    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    /** What goes in. */
    public record Contents(String packageId, String requestId, String right, Instant generatedAt, Art15Information information,
            List<ExportVault.ExportFile> exports, Map<String, String> systemNames) {

        public Contents {
            systemNames = systemNames == null ? Map.of() : Map.copyOf(systemNames);
        }

        public Contents(String packageId, String requestId, String right, Instant generatedAt, Art15Information information,
                List<ExportVault.ExportFile> exports) {
            this(packageId, requestId, right, generatedAt, information, exports, Map.of());
        }

        String nameOf(String systemId) {
            return systemNames.getOrDefault(systemId, systemId);
        }
    }

    public byte[] write(Contents contents) {
        boolean portability = "PORTABILITY".equals(contents.right());
        int leftOut = 0;
        List<Map<String, Object>> systems = new ArrayList<>();
        Map<String, List<ExportVault.ExportFile.Entry>> perSystem = new LinkedHashMap<>();
        Map<String, List<String>> filePaths = new LinkedHashMap<>();
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (ExportVault.ExportFile export : contents.exports()) {
            List<String> paths = new ArrayList<>();
            for (ExportVault.ExportFile.Attachment file : export.files()) {
                String path = unique(files.keySet(), "systems/" + safeName(export.systemId()) + "/files/" + safeName(file.fileName()));
                files.put(path, file.content());
                paths.add(path);
            }
            filePaths.put(export.systemId(), paths);
        }
        for (ExportVault.ExportFile export : contents.exports()) {
            List<ExportVault.ExportFile.Entry> records = new ArrayList<>();
            for (ExportVault.ExportFile.Entry entry : export.records()) {
                if (portability && !entry.provenance().portable()) {
                    leftOut++;
                } else {
                    records.add(entry);
                }
            }
            perSystem.put(export.systemId(), records);
            Map<String, Object> system = new LinkedHashMap<>();
            system.put("systemId", export.systemId());
            system.put("systemName", contents.nameOf(export.systemId()));
            system.put("connector", export.connector());
            system.put("subjectFound", export.subjectFound());
            system.put("summary", export.summary());
            system.put("searchedBy", export.searchedBy());
            system.put("files", filePaths.get(export.systemId()));
            system.put("inWords", searchedAndFound(export, records.size(), filePaths.get(export.systemId()).size()));
            if (export.evidence() != null) {
                system.put("searchedByPersonEvidence", export.evidence());
            }
            system.put("records", records);
            systems.add(system);
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("packageId", contents.packageId());
        data.put("requestId", contents.requestId());
        data.put("right", contents.right());
        data.put("generatedAt", contents.generatedAt().toString());
        data.put("generatedAtInWords", PlainWords.dateTime(contents.generatedAt()));
        data.put("controller", Map.of("id", contents.information().controllerId(), "name", contents.information().controllerName()));
        data.put("systems", systems);
        Map<String, Object> supplementary = supplementary(contents.information());
        if (!portability) {
            data.put("supplementaryInformation", supplementary);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes, StandardCharsets.UTF_8)) {
            put(zip, "README.txt", readme(contents, perSystem, filePaths, portability, leftOut));
            put(zip, "data.json", JSON.writeValueAsString(data));
            if (!portability) {
                put(zip, "supplementary-information.json", JSON.writeValueAsString(supplementary));
            }
            for (Map.Entry<String, List<ExportVault.ExportFile.Entry>> system : perSystem.entrySet()) {
                put(zip, "systems/" + safeName(system.getKey()) + ".csv", csv(system.getValue()));
            }
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                zip.putNextEntry(new ZipEntry(file.getKey()));
                zip.write(file.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static Map<String, Object> supplementary(Art15Information info) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("controller", info.controllerName());
        if (info.contact() != null) {
            out.put("contact", info.contact());
        }
        out.put("purposes", info.purposes());
        out.put("categories", info.categories());
        out.put("recipients", info.recipients());
        out.put("transferSafeguards", info.transferSafeguards());
        out.put("retention", info.retention());
        out.put("source", info.source());
        out.put("automatedDecisionMaking", info.automatedDecisionMaking());
        out.put("yourRights", SubjectRights.RIGHTS);
        out.put("rightToComplain", SubjectRights.COMPLAINT);
        return out;
    }

    /**
     * One system's line of the index, in words: what was searched, by which identifiers (named, never their values),
     * and what was found, e.g. "Engage membership database: searched by email address and membership number by a
     * person; found 2 records and 1 file (systems/engage/files/letter.pdf)."
     */
    static String searchedAndFound(ExportVault.ExportFile export, int records, int files) {
        StringBuilder out = new StringBuilder("searched");
        if (!export.searchedBy().isEmpty()) {
            out.append(" by ").append(PlainWords.list(export.searchedBy()));
        }
        if ("manual".equals(export.connector())) {
            out.append(", by a person");
        }
        out.append("; ");
        if (!export.subjectFound() && records == 0 && files == 0) {
            return out.append("nothing about you was found").toString();
        }
        List<String> found = new ArrayList<>();
        if (records > 0 || files == 0) {
            found.add(PlainWords.count(records, "record", "records"));
        }
        if (files > 0) {
            found.add(PlainWords.count(files, "copy of a file", "copies of files"));
        }
        return out.append("found ").append(PlainWords.list(found)).toString();
    }

    private static String readme(Contents c, Map<String, List<ExportVault.ExportFile.Entry>> perSystem, Map<String, List<String>> filePaths,
            boolean portability, int leftOut) {
        Art15Information info = c.information();
        StringBuilder out = new StringBuilder();
        out.append(portability ? "Your data, in a machine-readable form (UK GDPR Article 20)\n" : "Your personal data (UK GDPR Article 15)\n");
        out.append("From: ").append(info.controllerName()).append('\n');
        out.append("Request: ").append(c.requestId()).append("\nPrepared: ").append(PlainWords.dateTime(c.generatedAt())).append("\n\n");
        out.append("Files: data.json holds everything below in a machine-readable form; systems/*.csv hold each system's records;\n")
                .append("systems/<system>/files/ hold copies of files found by a person.\n\n");
        out.append("What we searched, and what we found\n");
        for (ExportVault.ExportFile export : c.exports()) {
            List<String> paths = filePaths.getOrDefault(export.systemId(), List.of());
            out.append("- ").append(c.nameOf(export.systemId())).append(": ")
                    .append(searchedAndFound(export, perSystem.getOrDefault(export.systemId(), List.of()).size(), paths.size())).append('.');
            if (export.evidence() != null) {
                out.append(" What the person did: ").append(export.evidence().trim());
                if (!export.evidence().trim().endsWith(".")) {
                    out.append('.');
                }
            }
            if (!paths.isEmpty()) {
                out.append(" Files: ").append(String.join(", ", paths)).append('.');
            }
            out.append('\n');
        }
        if (portability) {
            out.append("\nThis export holds the data you provided and data observed from your use of the services. ")
                    .append(Counted.of(leftOut, "record")).append(leftOut == 1 ? " that was derived or inferred by the controller is"
                            : " that were derived or inferred by the controller are").append(" not included (Article 20(1)).\n");
            return out.toString();
        }
        out.append("\n1. Why we use your data (purposes)\n");
        info.purposes().forEach(p -> out.append("- ").append(p).append('\n'));
        out.append("\n2. The kinds of data we hold (categories)\n");
        info.categories().forEach(p -> out.append("- ").append(p).append('\n'));
        out.append("\n3. Who receives it (recipients)\n");
        info.recipients().forEach(r -> out.append("- ").append(r.name())
                .append(r.role() == null || r.role().isBlank() ? "" : ", " + r.role())
                .append(r.location() == null || r.location().isBlank() ? "" : " (" + r.location() + ")").append('\n'));
        out.append("   Transfers outside the UK and their safeguards: ").append(info.transferSafeguards()).append('\n');
        out.append("\n4. How long we keep it (retention)\n").append(info.retention()).append('\n');
        out.append("\n5. Where it came from (source)\n").append(info.source()).append('\n');
        out.append("\n6. Automated decision-making, including profiling\n").append(info.automatedDecisionMaking()).append('\n');
        out.append("\n7. Your rights\n");
        SubjectRights.RIGHTS.forEach(r -> out.append("- ").append(r).append('\n'));
        out.append("\n8. Your right to complain to the ICO\n").append(SubjectRights.COMPLAINT).append('\n');
        if (info.contact() != null) {
            out.append("\nContact: ").append(info.contact()).append('\n');
        }
        return out.toString();
    }

    /** RFC 4180 CSV: a header of every field seen, one row per record. */
    static String csv(List<ExportVault.ExportFile.Entry> records) {
        Set<String> columns = new LinkedHashSet<>(List.of("category", "provenance"));
        records.forEach(r -> columns.addAll(r.fields().keySet()));
        StringBuilder out = new StringBuilder();
        out.append(String.join(",", columns.stream().map(PackageWriter::cell).toList())).append("\r\n");
        for (ExportVault.ExportFile.Entry record : records) {
            List<String> row = new ArrayList<>();
            for (String column : columns) {
                Object value = switch (column) {
                    case "category" -> record.category();
                    case "provenance" -> record.provenance().name();
                    default -> record.fields().get(column);
                };
                row.add(cell(value == null ? "" : String.valueOf(value)));
            }
            out.append(String.join(",", row)).append("\r\n");
        }
        return out.toString();
    }

    private static String cell(String value) {
        // A leading =, +, - or @ would run as a formula when the subject opens the file in a spreadsheet.
        String safe = !value.isEmpty() && "=+-@".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        if (safe.contains(",") || safe.contains("\"") || safe.contains("\n") || safe.contains("\r")) {
            return "\"" + safe.replace("\"", "\"\"") + "\"";
        }
        return safe;
    }

    private static String safeName(String systemId) {
        return systemId.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private static String unique(Set<String> taken, String path) {
        if (!taken.contains(path)) {
            return path;
        }
        int dot = path.lastIndexOf('.');
        String stem = dot > path.lastIndexOf('/') ? path.substring(0, dot) : path;
        String ext = dot > path.lastIndexOf('/') ? path.substring(dot) : "";
        for (int i = 2; ; i++) {
            String candidate = stem + "-" + i + ext;
            if (!taken.contains(candidate)) {
                return candidate;
            }
        }
    }

    private static void put(ZipOutputStream zip, String name, String content) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(content.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }
}
