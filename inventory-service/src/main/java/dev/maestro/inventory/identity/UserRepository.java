package dev.maestro.inventory.identity;

import reactor.core.publisher.Mono;

import org.springframework.data.mongodb.repository.ReactiveMongoRepository;

interface UserRepository extends ReactiveMongoRepository<User, String> {

	Mono<User> findByEmail(String email);

}
