package dev.maestro.inventory.catalogue;

import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.maestro.inventory.entity.DescribedType;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.springframework.stereotype.Component;

/**
 * The services catalogue: common software that runs on servers (Oracle Database, nginx, ...).
 * Every team starts with a seeded list and extends it.
 */
@Component
class CatalogueType extends DescribedType {

	CatalogueType() {
		super("services", "Service", CatalogueEntry.class, List.of("name", "vendor"),
				Set.of("name", "category", "vendor", "engine"), Map.of());
	}

	/**
	 * @param name the software
	 * @param category database, web server, cache, broker, ...
	 * @param vendor who makes it
	 * @param engine for databases: the engine applications of the Database family use (ORACLE,
	 * MYSQL, ...), which links servers running it to the databases on them
	 * @param description what it is
	 */
	record CatalogueEntry(@NotBlank @Size(max = 200) String name, @Size(max = 64) String category,
			@Size(max = 100) String vendor, @Size(max = 32) String engine, @Size(max = 1000) String description) {
	}

}
