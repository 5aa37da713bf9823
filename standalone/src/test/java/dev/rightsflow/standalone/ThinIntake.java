package dev.rightsflow.standalone;

import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.web.server.reactive.context.ReactiveWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The thinnest intake this stack allows, the yardstick of {@link IntakeBenchmark}: a Spring Boot
 * WebFlux endpoint that parses the JSON body with Jackson, refuses it with a 422 when a required field is
 * missing, sends it with {@code KafkaTemplate} ({@code acks=all}, idempotent) and answers 202 only
 * after the broker acknowledged. No registry, no store, no auto-configuration beyond the beans declared here.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
class ThinIntake {

    static final String TOPIC = "benchmark-thin-intake";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Starts it on a free port against {@code bootstrap}; the returned context is the server. */
    static ConfigurableApplicationContext start(String bootstrap) {
        return new SpringApplicationBuilder(ThinIntake.class).web(WebApplicationType.REACTIVE)
                .properties(Map.of("spring.main.banner-mode", "off", "thin.bootstrap", bootstrap))
                .registerShutdownHook(false).run();
    }

    static int port(ConfigurableApplicationContext context) {
        return ((ReactiveWebServerApplicationContext) context).getWebServer().getPort();
    }

    @Bean
    NettyReactiveWebServerFactory thinServer() {
        return new NettyReactiveWebServerFactory(0);
    }

    @Bean
    KafkaTemplate<String, byte[]> thinTemplate(org.springframework.core.env.Environment env) {
        return new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, env.getProperty("thin.bootstrap"),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                new StringSerializer(), new ByteArraySerializer()));
    }

    @Bean
    HttpHandler httpHandler(KafkaTemplate<String, byte[]> template) {
        return RouterFunctions.toHttpHandler(RouterFunctions.route(RequestPredicates.POST("/requests"),
                request -> request.bodyToMono(byte[].class).flatMap(body -> {
                    JsonNode json = JSON.readTree(body);
                    if (!json.hasNonNull("right") || !json.hasNonNull("organisationId") || !json.path("subject").hasNonNull("email")) {
                        return ServerResponse.unprocessableContent().build();
                    }
                    String id = UUID.randomUUID().toString();
                    return Mono.fromFuture(() -> template.send(TOPIC, id, body))
                            .then(ServerResponse.accepted().contentType(MediaType.APPLICATION_JSON)
                                    .bodyValue("{\"requestId\":\"" + id + "\"}"));
                })));
    }
}
