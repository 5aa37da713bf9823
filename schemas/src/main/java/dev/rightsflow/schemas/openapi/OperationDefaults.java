package dev.rightsflow.schemas.openapi;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.method.HandlerMethod;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.core.converter.ResolvedSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;

/**
 * The customisers every service's group runs, in two steps. Per operation (springdoc's {@link OperationCustomizer})
 * it notes which handler method the operation comes from and that method's first path. Over the whole group's document
 * ({@link OpenApiCustomizer}) it then:
 * <ol>
 *   <li>titles and versions the document ({@value ApiDocument#TITLE}, {@link ApiDocument#version()});</li>
 *   <li>drops a handler's alias paths (every path but its first);</li>
 *   <li>gives each operation a unique id (the overlay's, else the method's name, prefixed by its controller's when two
 *       methods share a name) and a summary;</li>
 *   <li>states who may call it ({@link Access}, {@link SecuritySchemes}) and adds the headers of a signed call;</li>
 *   <li>adds the error responses it can give (400 when it takes input, 401 and 403 when it needs credentials, 404 when
 *       its path names something, 503 while catching up), as shared responses with the one problem schema, or
 *       OpenDSR's error form on OpenDSR paths ({@link ErrorBodies});</li>
 *   <li>sets the success status the overlay names (202 where the code answers 202) and an example on every request
 *       and success body: one the code or the overlay gives, else one built from the schema
 *       ({@link SchemaExamples});</li>
 *   <li>rewrites Java-only regular expressions ({@link PortableRegex}).</li>
 * </ol>
 * Responses or examples the code documents itself are kept.
 */
final class OperationDefaults implements OperationCustomizer, OpenApiCustomizer {

    private static final String HANDLER = "x-rightsflow-handler";
    private static final String FIRST_PATH = "x-rightsflow-first-path";

    private final ApiDocument.Builder group;
    private final Overlay overlay;

    OperationDefaults(ApiDocument.Builder group, Overlay overlay) {
        this.group = group;
        this.overlay = overlay;
    }

    @Override
    public Operation customize(Operation operation, HandlerMethod handler) {
        Method method = handler.getMethod();
        operation.addExtension(HANDLER, handler.getBeanType().getSimpleName() + "#" + method.getName());
        RequestMapping onMethod = AnnotatedElementUtils.findMergedAnnotation(method, RequestMapping.class);
        RequestMapping onType = AnnotatedElementUtils.findMergedAnnotation(handler.getBeanType(), RequestMapping.class);
        if (onMethod != null && onMethod.path().length > 1) {
            String prefix = onType != null && onType.path().length > 0 ? onType.path()[0] : "";
            operation.addExtension(FIRST_PATH, prefix + onMethod.path()[0]);
        }
        return operation;
    }

    /** An operation of the group with where it is. */
    private record Found(String path, PathItem.HttpMethod method, Operation operation, String handler) {
    }

    @Override
    public void customise(OpenAPI openApi) {
        openApi.info(new Info().title(ApiDocument.TITLE).version(ApiDocument.version())
                .description(group.name + ": " + group.description));
        // relative: the installation that serves the document is the one it describes, whatever its public address
        openApi.servers(List.of(new io.swagger.v3.oas.models.servers.Server().url("/")
                .description("this installation (RIGHTSFLOW_PUBLIC_BASE_URL)")));
        Components components = openApi.getComponents() == null ? new Components() : openApi.getComponents();
        openApi.components(components);
        components.addSchemas(ErrorBodies.PROBLEM, ErrorBodies.problemSchema());
        components.addSchemas(ErrorBodies.FIELD_ERROR, ErrorBodies.fieldErrorSchema());

        List<Found> operations = withoutAliases(openApi);
        Map<Operation, String> ids = ids(operations);
        Set<String> schemes = new java.util.TreeSet<>();
        Map<String, ApiResponse> responses = new LinkedHashMap<>();
        boolean openDsr = false;
        SchemaExamples examples = new SchemaExamples(components);
        for (Found found : operations) {
            Operation operation = found.operation();
            Overlay.Entry entry = found.handler() == null ? null : overlay.find(found.handler());
            operation.setOperationId(ids.get(operation));
            if (operation.getSummary() == null || operation.getSummary().isBlank()) {
                operation.setSummary(entry != null && entry.summary() != null ? entry.summary() : words(ids.get(operation)));
            }
            Access access = access(found);
            operation.setSecurity(new ArrayList<>(SecuritySchemes.requirements(access)));
            access.alternatives().forEach(schemes::addAll);
            SecuritySchemes.headers(access).forEach((name, parameter) -> {
                boolean documented = operation.getParameters() != null && operation.getParameters().stream()
                        .anyMatch(p -> parameter.getName().equalsIgnoreCase(p.getName()));
                if (!documented) {
                    components.addParameters(name, parameter);
                    operation.addParametersItem(new Parameter().$ref("#/components/parameters/" + name));
                }
            });
            boolean dsr = group.openDsrErrors.stream().anyMatch(p -> p.matches(
                    org.springframework.http.server.PathContainer.parsePath(found.path())));
            openDsr |= dsr;
            ApiResponses answers = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
            operation.setResponses(answers);
            successStatus(answers, entry);
            bodies(operation, entry, components);
            List<ErrorBodies.Status> errors = errors(found, access);
            if (entry != null) {
                entry.errors().forEach(code -> ErrorBodies.of(code).filter(s -> !errors.contains(s)).ifPresent(errors::add));
            }
            for (ErrorBodies.Status status : errors) {
                if (!answers.containsKey(status.code)) {
                    ApiResponse ref = ErrorBodies.ref(status, dsr);
                    answers.addApiResponse(status.code, ref);
                    responses.put(ref.get$ref(), ref);
                }
            }
            if (operation.getRequestBody() != null) {
                exemplify(operation.getRequestBody().getContent(), entry == null ? null : entry.request(), examples);
            }
            answers.forEach((code, answer) -> {
                if (code.startsWith("2") && answer.get$ref() == null) {
                    exemplify(answer.getContent(), entry == null ? null : entry.response(), examples);
                }
            });
            if (operation.getExtensions() != null) {
                operation.getExtensions().remove(HANDLER);
                operation.getExtensions().remove(FIRST_PATH);
                if (operation.getExtensions().isEmpty()) {
                    operation.setExtensions(null);
                }
            }
        }
        if (openDsr) {
            components.addSchemas(ErrorBodies.OPENDSR_ERROR, ErrorBodies.openDsrErrorSchema());
        }
        Components all = new Components();
        ErrorBodies.register(all);
        responses.keySet().forEach(ref -> {
            String name = ref.substring(ref.lastIndexOf('/') + 1);
            components.addResponses(name, all.getResponses().get(name));
        });
        Map<String, io.swagger.v3.oas.models.security.SecurityScheme> known = SecuritySchemes.all();
        schemes.forEach(name -> components.addSecuritySchemes(name, known.get(name)));
        portablePatterns(openApi);
        withoutUnusedSchemas(openApi);
    }

    /**
     * Drops the schemas nothing refers to any more (springdoc's own view of a body the overlay typed, under the class's
     * simple name), until none is left.
     */
    private static void withoutUnusedSchemas(OpenAPI openApi) {
        Map<String, Schema> schemas = openApi.getComponents().getSchemas();
        if (schemas == null) {
            return;
        }
        boolean removed = true;
        while (removed) {
            String json = io.swagger.v3.core.util.Json31.pretty(openApi);
            if (json == null) {
                return;
            }
            removed = schemas.keySet().removeIf(name -> !json.contains("\"#/components/schemas/" + name + "\""));
        }
    }

    /** The group's operations, without the alias paths of a handler mapped to several. */
    private static List<Found> withoutAliases(OpenAPI openApi) {
        List<Found> found = new ArrayList<>();
        if (openApi.getPaths() == null) {
            return found;
        }
        List<String> empty = new ArrayList<>();
        openApi.getPaths().forEach((path, item) -> {
            item.readOperationsMap().forEach((method, operation) -> {
                Object first = operation.getExtensions() == null ? null : operation.getExtensions().get(FIRST_PATH);
                if (first != null && !first.equals(path)) {
                    item.operation(method, null);
                } else {
                    Object handler = operation.getExtensions() == null ? null : operation.getExtensions().get(HANDLER);
                    found.add(new Found(path, method, operation, handler == null ? null : handler.toString()));
                }
            });
            if (item.readOperations().isEmpty()) {
                empty.add(path);
            }
        });
        empty.forEach(openApi.getPaths()::remove);
        return found;
    }

    /** Unique ids: the overlay's, else the method's name, else (shared names) the controller's stem and the name. */
    private Map<Operation, String> ids(List<Found> operations) {
        Map<Operation, String> ids = new IdentityHashMap<>();
        Map<String, Integer> counts = new HashMap<>();
        for (Found f : operations) {
            String id = baseId(f);
            ids.put(f.operation(), id);
            counts.merge(id, 1, Integer::sum);
        }
        Map<String, Integer> used = new HashMap<>();
        for (Found f : operations) {
            String id = ids.get(f.operation());
            if (counts.get(id) > 1 && f.handler() != null) {
                String type = f.handler().substring(0, f.handler().indexOf('#'))
                        .replaceAll("(Controller|Api|Pages?|Operations)$", "");
                id = Character.toLowerCase(type.charAt(0)) + type.substring(1)
                        + Character.toUpperCase(id.charAt(0)) + id.substring(1);
            }
            int n = used.merge(id, 1, Integer::sum);
            ids.put(f.operation(), n == 1 ? id : id + n);
        }
        return ids;
    }

    private String baseId(Found f) {
        Overlay.Entry entry = f.handler() == null ? null : overlay.find(f.handler());
        if (entry != null && entry.id() != null) {
            return entry.id();
        }
        if (f.handler() != null) {
            return f.handler().substring(f.handler().indexOf('#') + 1);
        }
        String id = f.operation().getOperationId();
        return id == null ? f.method().name().toLowerCase(Locale.ROOT) + f.path().replaceAll("[^A-Za-z0-9]", "") : id;
    }

    private Access access(Found found) {
        org.springframework.http.HttpMethod method = org.springframework.http.HttpMethod.valueOf(found.method().name());
        return group.rules.stream().filter(r -> r.matches(method, found.path())).map(ApiDocument.Rule::access)
                .findFirst().orElse(Access.OPEN);
    }

    private List<ErrorBodies.Status> errors(Found found, Access access) {
        List<ErrorBodies.Status> errors = new ArrayList<>();
        Operation operation = found.operation();
        if (operation.getRequestBody() != null || operation.getParameters() != null && !operation.getParameters().isEmpty()) {
            errors.add(ErrorBodies.Status.BAD_REQUEST);
        }
        if (!access.open()) {
            errors.add(ErrorBodies.Status.UNAUTHORIZED);
            errors.add(ErrorBodies.Status.FORBIDDEN);
        }
        if (found.path().contains("{")) {
            errors.add(ErrorBodies.Status.NOT_FOUND);
        }
        if (group.catchingUp.stream().anyMatch(prefix -> prefix.equals("/") ? found.path().equals("/")
                : found.path().equals(prefix) || found.path().startsWith(prefix + "/"))) {
            errors.add(ErrorBodies.Status.CATCHING_UP);
        }
        return errors;
    }

    /**
     * The bodies as the overlay types them (a body the handler reads or writes as raw bytes has none in springdoc's
     * view), and the success bodies' media types: the overlay's, else JSON where springdoc could only say
     * {@code * / *}; a problem is never a success body.
     */
    private static void bodies(Operation operation, Overlay.Entry entry, Components components) {
        boolean untyped = operation.getRequestBody() == null && entry != null && entry.request() != null;
        if (entry != null && (entry.requestType() != null || untyped)) {
            Schema<?> schema = entry.requestType() != null ? typed(entry.requestType(), components) : new ObjectSchema();
            RequestBody body = operation.getRequestBody() == null ? new RequestBody().required(true) : operation.getRequestBody();
            operation.setRequestBody(body.content(new Content()
                    .addMediaType(org.springframework.http.MediaType.APPLICATION_JSON_VALUE, new MediaType().schema(schema))));
        }
        String media = entry != null && entry.responseMedia() != null ? entry.responseMedia()
                : org.springframework.http.MediaType.APPLICATION_JSON_VALUE;
        operation.getResponses().forEach((code, answer) -> {
            if (!code.startsWith("2") || answer.getContent() == null) {
                return;
            }
            if ("none".equals(media)) {
                answer.setContent(null);
                return;
            }
            answer.getContent().remove(ErrorBodies.PROBLEM_JSON);
            MediaType any = answer.getContent().remove("*/*");
            if (any != null) {
                answer.getContent().addMediaType(media, any);
            }
            if (entry != null && entry.responseType() != null) {
                Schema<?> schema = typed(entry.responseType(), components);
                answer.getContent().values().forEach(m -> m.setSchema(schema));
            }
        });
    }

    /**
     * {@code "some.Class$Nested as Name"}: the class's schema, registered under that name, as a reference;
     * {@code "some.Class[] as Name"}: an array of them.
     */
    private static Schema<?> typed(String spec, Components components) {
        if (spec.contains("[]")) {
            return new io.swagger.v3.oas.models.media.ArraySchema().items(typed(spec.replace("[]", ""), components));
        }
        String[] parts = spec.split(" as ");
        String name = parts.length > 1 ? parts[1].trim() : parts[0].substring(parts[0].lastIndexOf('.') + 1).trim();
        if (components.getSchemas() == null || !components.getSchemas().containsKey(name)) {
            try {
                Class<?> type = Class.forName(parts[0].trim(), false, OperationDefaults.class.getClassLoader());
                ResolvedSchema resolved = ModelConverters.getInstance(true)
                        .readAllAsResolvedSchema(new AnnotatedType(type).resolveAsRef(false));
                if (resolved.referencedSchemas != null) {
                    resolved.referencedSchemas.forEach((key, value) -> {
                        if (components.getSchemas() == null || !components.getSchemas().containsKey(key)) {
                            components.addSchemas(key, value);
                        }
                    });
                }
                components.addSchemas(name, resolved.schema);
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("openapi overlay names a class that does not exist: " + parts[0], e);
            }
        }
        return new Schema<>().$ref("#/components/schemas/" + name);
    }

    /** The overlay's success status in place of springdoc's 200 (which it assumes for a {@code ResponseEntity}). */
    private static void successStatus(ApiResponses answers, Overlay.Entry entry) {
        if (entry == null || entry.status() == null || entry.status() == 200 || !answers.containsKey("200")) {
            return;
        }
        String code = String.valueOf(entry.status());
        ApiResponse ok = answers.remove("200");
        if (!answers.containsKey(code)) {
            HttpStatus status = HttpStatus.valueOf(entry.status());
            if ("OK".equals(ok.getDescription())) {
                ok.setDescription(status.getReasonPhrase());
            }
            if (status == HttpStatus.NO_CONTENT) {
                ok.setContent(null);
            }
            ApiResponses reordered = new ApiResponses();
            reordered.addApiResponse(code, ok);
            reordered.putAll(answers);
            answers.clear();
            answers.putAll(reordered);
        }
    }

    /**
     * An example on every media type that has none; a body given as text in a media type other than JSON (a ZIP, a PDF,
     * an event stream) is described as such, and a list given where springdoc saw only {@code object} as an array.
     */
    private static void exemplify(Content content, Object given, SchemaExamples examples) {
        if (content == null) {
            return;
        }
        content.forEach((type, media) -> {
            if (media.getExample() != null || media.getExamples() != null && !media.getExamples().isEmpty()) {
                return;
            }
            Object example = given != null ? given : examples.of(media.getSchema());
            if (example == null) {
                return;
            }
            media.setExample(example);
            boolean json = type.contains("json");
            if (example instanceof String && !json) {
                media.setSchema(type.startsWith("text/") || type.equals("application/x-pem-file") ? new StringSchema()
                        : new StringSchema().format("binary"));
            } else if (example instanceof List<?> && bare(media.getSchema())) {
                media.setSchema(new io.swagger.v3.oas.models.media.ArraySchema().items(new ObjectSchema()));
            }
        });
    }

    private static boolean bare(Schema<?> schema) {
        return schema == null || schema.get$ref() == null && schema.getProperties() == null && schema.getItems() == null;
    }

    /** "submitRequest" as "Submit request". */
    static String words(String id) {
        String spaced = id.replaceAll("([a-z0-9])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
        return Character.toUpperCase(spaced.charAt(0)) + spaced.substring(1);
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static void portablePatterns(OpenAPI openApi) {
        Set<Schema> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Schema> todo = new ArrayList<>();
        if (openApi.getComponents().getSchemas() != null) {
            openApi.getComponents().getSchemas().values().forEach(s -> todo.add(s));
        }
        if (openApi.getComponents().getParameters() != null) {
            openApi.getComponents().getParameters().values().forEach(p -> todo.add(p.getSchema()));
        }
        if (openApi.getPaths() != null) {
            openApi.getPaths().values().forEach(item -> item.readOperations().forEach(operation -> {
                if (operation.getParameters() != null) {
                    operation.getParameters().forEach(p -> todo.add(p.getSchema()));
                }
                if (operation.getRequestBody() != null && operation.getRequestBody().getContent() != null) {
                    operation.getRequestBody().getContent().values().forEach(m -> todo.add(m.getSchema()));
                }
                if (operation.getResponses() != null) {
                    operation.getResponses().values().forEach(r -> {
                        if (r.getContent() != null) {
                            r.getContent().values().forEach(m -> todo.add(m.getSchema()));
                        }
                    });
                }
            }));
        }
        while (!todo.isEmpty()) {
            Schema schema = todo.remove(todo.size() - 1);
            if (schema == null || !seen.add(schema)) {
                continue;
            }
            schema.setPattern(PortableRegex.of(schema.getPattern()));
            if (schema.getProperties() != null) {
                todo.addAll(schema.getProperties().values());
            }
            todo.add(schema.getItems());
            for (List<Schema> parts : java.util.Arrays.asList(schema.getAllOf(), schema.getAnyOf(), schema.getOneOf())) {
                if (parts != null) {
                    parts.forEach(todo::add);
                }
            }
            if (schema.getAdditionalProperties() instanceof Schema more) {
                todo.add(more);
            }
        }
    }
}
