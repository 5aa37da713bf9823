package dev.rightsflow.intake;

import java.time.Clock;
import java.util.List;

import org.apache.avro.specific.SpecificRecord;
import org.springdoc.core.models.GroupedOpenApi;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.FullyQualifiedAnnotationBeanNameGenerator;
import org.springframework.kafka.annotation.EnableKafka;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.KafkaTemplate;

import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoDatabase;

import dev.rightsflow.deadline.DeadlineEngine;
import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.kafka.Eventing;
import dev.rightsflow.schemas.kafka.KafkaSettings;
import dev.rightsflow.schemas.kafka.TopicAdmin;

/**
 * The whole wiring of request intake: the citizen's and the processor's way in. Used by {@link RequestIntakeApplication} on its own and imported by the
 * standalone beside the other services, so every bean is named for the module: declared beans are
 * prefixed {@code intake}, scanned components get their fully qualified class name.
 */
@Configuration(proxyBeanMethods = false)
@EnableKafka
@EnableConfigurationProperties({KafkaSettings.class, RequestIntakeProperties.class})
@ComponentScan(basePackageClasses = RequestIntakeConfiguration.class,
        nameGenerator = FullyQualifiedAnnotationBeanNameGenerator.class,
        excludeFilters = @ComponentScan.Filter(type = FilterType.ANNOTATION, classes = SpringBootConfiguration.class))
public class RequestIntakeConfiguration {

    /** Kafka group id of this service's listeners. */
    public static final String GROUP = "rightsflow-intake";
    public static final String LISTENER_FACTORY = "intakeListenerContainerFactory";

    @Bean
    public KafkaTemplate<String, Object> intakeKafkaTemplate(KafkaSettings kafka) {
        TopicAdmin.ensure(kafka, List.of());
        return Eventing.template(kafka, GROUP);
    }

    @Bean(LISTENER_FACTORY)
    public ConcurrentKafkaListenerContainerFactory<String, SpecificRecord> intakeListenerContainerFactory(
            KafkaSettings kafka, @Qualifier("intakeKafkaTemplate") KafkaTemplate<String, Object> intakeKafkaTemplate) {
        return Eventing.listenerFactory(kafka, GROUP, intakeKafkaTemplate, Topics.DLT_INTAKE);
    }

    @Bean
    public MongoDatabase intakeMongoDatabase(MongoClient mongoClient, RequestIntakeProperties properties) {
        return mongoClient.getDatabase(properties.database());
    }

    /**
     * The shared deadline rules (ICO method, bank holidays per UK division). Not a default
     * candidate: in the standalone, other services' unqualified injections never see it.
     */
    @Bean(defaultCandidate = false)
    public DeadlineEngine intakeDeadlineEngine() {
        return DeadlineEngine.withBundledHolidays();
    }

    @Bean(defaultCandidate = false)
    public Clock intakeClock() {
        return Clock.systemUTC();
    }

    /** Intake's part of the OpenAPI document (springdoc), at /v3/api-docs/request-intake. */
    @Bean
    public GroupedOpenApi intakeOpenApi() {
        return GroupedOpenApi.builder().group("request-intake").displayName("Request intake")
                .pathsToMatch("/api/v1/**", "/opendsr/**", "/intake/**").build();
    }
}
