package dev.maestro.inventory.team;

import reactor.core.publisher.Flux;

import org.springframework.data.mongodb.repository.ReactiveMongoRepository;

interface MembershipRepository extends ReactiveMongoRepository<Membership, String> {

	Flux<Membership> findByUserId(String userId);

	Flux<Membership> findByTeamId(String teamId);

}
