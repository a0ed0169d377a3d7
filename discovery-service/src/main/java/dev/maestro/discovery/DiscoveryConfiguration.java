package dev.maestro.discovery;

import com.mongodb.reactivestreams.client.MongoClient;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.provider.mongo.reactivestreams.ReactiveStreamsMongoLockProvider;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Discovery's own beans: its properties and the ShedLock lock store for the scheduler. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DiscoveryProperties.class)
class DiscoveryConfiguration {

	/** ShedLock on MongoDB (collection {@code shedLock} of this service's database). */
	@Bean
	LockProvider lockProvider(MongoClient mongo, @Value("${spring.mongodb.database:maestro_discovery}") String database) {
		return new ReactiveStreamsMongoLockProvider(mongo.getDatabase(database));
	}

}
