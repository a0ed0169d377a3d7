package dev.maestro.inventory.team;

import org.springframework.data.mongodb.repository.ReactiveMongoRepository;

interface TeamRepository extends ReactiveMongoRepository<Team, String> {

}
