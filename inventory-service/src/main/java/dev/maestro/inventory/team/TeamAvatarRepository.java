package dev.maestro.inventory.team;

import org.springframework.data.mongodb.repository.ReactiveMongoRepository;

interface TeamAvatarRepository extends ReactiveMongoRepository<TeamAvatar, String> {

}
