package dev.maestro.websocket.eventlog;

import org.springframework.data.mongodb.repository.ReactiveMongoRepository;

interface EventLogRepository extends ReactiveMongoRepository<StoredEvent, String> {

}
