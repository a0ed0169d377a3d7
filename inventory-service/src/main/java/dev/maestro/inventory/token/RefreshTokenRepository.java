package dev.maestro.inventory.token;

import org.springframework.data.mongodb.repository.ReactiveMongoRepository;

interface RefreshTokenRepository extends ReactiveMongoRepository<RefreshToken, String> {

}
