package dev.maestro.inventory.team;

import reactor.core.publisher.Mono;

/** Something every new team starts with (the services catalogue, for one). */
public interface TeamSetup {

	Mono<Void> prepare(String teamId);

}
