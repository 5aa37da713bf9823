package dev.rightsflow.intake;

import java.util.List;

import org.apache.avro.specific.SpecificRecord;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.FilterType;
import org.springframework.kafka.annotation.EnableKafka;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.KafkaTemplate;

import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoDatabase;

import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.kafka.Eventing;
import dev.rightsflow.schemas.kafka.KafkaSettings;
import dev.rightsflow.schemas.kafka.TopicAdmin;

/**
 * The whole wiring of request intake: the citizen's and the processor's way in. Used by {@link RequestIntakeApplication} on its own and imported by the
 * standalone beside the other services, so every bean is named for the module.
 */
@Configuration(proxyBeanMethods = false)
@EnableKafka
@EnableConfigurationProperties({KafkaSettings.class, RequestIntakeProperties.class})
@ComponentScan(basePackageClasses = RequestIntakeConfiguration.class,
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
            KafkaSettings kafka, KafkaTemplate<String, Object> intakeKafkaTemplate) {
        return Eventing.listenerFactory(kafka, GROUP, intakeKafkaTemplate, Topics.DLT_INTAKE);
    }

    @Bean
    public MongoDatabase intakeMongoDatabase(MongoClient mongoClient, RequestIntakeProperties properties) {
        return mongoClient.getDatabase(properties.database());
    }
}
