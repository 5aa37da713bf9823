package dev.rightsflow.connectors.catalogue.application;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import tools.jackson.databind.json.JsonMapper;

import dev.rightsflow.connectors.catalogue.model.Art15Information;

/**
 * Each controller's Art 15 supplementary information, one JSON file per controller named by its
 * registry id ({@code <id>.json}): first from the configured directory
 * ({@code rightsflow.connectors.packages.art15-dir}, so a deployment can edit them without a
 * build), then from the bundled {@code art15/} resources (the seed organisations). A controller
 * with neither gets {@link Art15Information#notRecorded}, so no item is ever silently missing.
 */
public final class Art15Catalogue {

    private static final Logger log = LoggerFactory.getLogger(Art15Catalogue.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final Path directory;
    private final Map<String, Art15Information> cache = new ConcurrentHashMap<>();

    public Art15Catalogue(Path directory) {
        this.directory = directory;
    }

    public Art15Information forController(String controllerId) {
        if (directory != null && controllerId.matches("[A-Za-z0-9_.\\-]+")) {
            Path file = directory.resolve(controllerId + ".json");
            if (Files.isReadable(file)) {
                try {
                    return JSON.readValue(file.toFile(), Art15Information.class);
                } catch (RuntimeException e) {
                    throw new IllegalStateException("the Art 15 file of " + controllerId + " is not valid", e);
                }
            }
        }
        return cache.computeIfAbsent(controllerId, id -> {
            try (InputStream in = Art15Catalogue.class.getResourceAsStream("/art15/" + id + ".json")) {
                if (in == null) {
                    log.warn("no Art 15 information recorded for controller {}; the package says so", id);
                    return Art15Information.notRecorded(id);
                }
                return JSON.readValue(in, Art15Information.class);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
