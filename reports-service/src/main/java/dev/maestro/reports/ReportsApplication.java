package dev.maestro.reports;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Report definitions, asynchronous generation, results in every format, scheduled refresh. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ReportsApplication {

	public static void main(String[] args) {
		SpringApplication.run(ReportsApplication.class, args);
	}

}
