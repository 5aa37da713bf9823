package dev.rightsflow.router;

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
 * The whole wiring of router: controller resolution, forwarding and the plan of tasks. Used by {@link RouterApplication} on its own and imported by the
 * standalone beside the other services, so every bean is named for the module.
 */
@Configuration(proxyBeanMethods = false)
@EnableKafka
@EnableConfigurationProperties({KafkaSettings.class, RouterProperties.class})
@ComponentScan(basePackageClasses = RouterConfiguration.class,
        excludeFilters = @ComponentScan.Filter(type = FilterType.ANNOTATION, classes = SpringBootConfiguration.class))
public class RouterConfiguration {

    /** Kafka group id of this service's listeners. */
    public static final String GROUP = "rightsflow-router";
    public static final String LISTENER_FACTORY = "routerListenerContainerFactory";

    @Bean
    public KafkaTemplate<String, Object> routerKafkaTemplate(KafkaSettings kafka) {
        TopicAdmin.ensure(kafka, List.of());
        return Eventing.template(kafka, GROUP);
    }

    @Bean(LISTENER_FACTORY)
    public ConcurrentKafkaListenerContainerFactory<String, SpecificRecord> routerListenerContainerFactory(
            KafkaSettings kafka, KafkaTemplate<String, Object> routerKafkaTemplate) {
        return Eventing.listenerFactory(kafka, GROUP, routerKafkaTemplate, Topics.DLT_ROUTER);
    }

    @Bean
    public MongoDatabase routerMongoDatabase(MongoClient mongoClient, RouterProperties properties) {
        return mongoClient.getDatabase(properties.database());
    }
}
