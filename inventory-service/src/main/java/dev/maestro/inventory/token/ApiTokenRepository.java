package dev.maestro.inventory.token;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.data.mongodb.repository.ReactiveMongoRepository;

interface ApiTokenRepository extends ReactiveMongoRepository<ApiToken, String> {

	Mono<ApiToken> findByHash(String hash);

	Flux<ApiToken> findByUserIdAndRevokedAtIsNullOrderByCreatedAtDesc(String userId);

}
