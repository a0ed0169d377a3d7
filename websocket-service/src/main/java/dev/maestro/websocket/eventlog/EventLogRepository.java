package dev.maestro.websocket.eventlog;

import org.springframework.data.mongodb.repository.ReactiveMongoRepository;

/** Direct access to the stored events, for tests and operators' tooling; writes go through {@link EventLog}. */
interface EventLogRepository extends ReactiveMongoRepository<StoredEvent, String> {

}
