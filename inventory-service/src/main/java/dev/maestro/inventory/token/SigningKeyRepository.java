package dev.maestro.inventory.token;

import java.time.Instant;

import reactor.core.publisher.Flux;

import org.springframework.data.mongodb.repository.ReactiveMongoRepository;

interface SigningKeyRepository extends ReactiveMongoRepository<SigningKey, String> {

	Flux<SigningKey> findByActiveUntilAfter(Instant instant);

}
