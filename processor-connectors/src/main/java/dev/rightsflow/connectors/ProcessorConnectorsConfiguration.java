package dev.rightsflow.connectors;

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
 * The whole wiring of processor connectors: the connector interface, the task runner and access packages. Used by {@link ProcessorConnectorsApplication} on its own and imported by the
 * standalone beside the other services, so every bean is named for the module.
 */
@Configuration(proxyBeanMethods = false)
@EnableKafka
@EnableConfigurationProperties({KafkaSettings.class, ProcessorConnectorsProperties.class})
@ComponentScan(basePackageClasses = ProcessorConnectorsConfiguration.class,
        excludeFilters = @ComponentScan.Filter(type = FilterType.ANNOTATION, classes = SpringBootConfiguration.class))
public class ProcessorConnectorsConfiguration {

    /** Kafka group id of this service's listeners. */
    public static final String GROUP = "rightsflow-connectors";
    public static final String LISTENER_FACTORY = "connectorsListenerContainerFactory";

    @Bean
    public KafkaTemplate<String, Object> connectorsKafkaTemplate(KafkaSettings kafka) {
        TopicAdmin.ensure(kafka, List.of());
        return Eventing.template(kafka, GROUP);
    }

    @Bean(LISTENER_FACTORY)
    public ConcurrentKafkaListenerContainerFactory<String, SpecificRecord> connectorsListenerContainerFactory(
            KafkaSettings kafka, KafkaTemplate<String, Object> connectorsKafkaTemplate) {
        return Eventing.listenerFactory(kafka, GROUP, connectorsKafkaTemplate, Topics.DLT_CONNECTORS);
    }

    @Bean
    public MongoDatabase connectorsMongoDatabase(MongoClient mongoClient, ProcessorConnectorsProperties properties) {
        return mongoClient.getDatabase(properties.database());
    }
}
