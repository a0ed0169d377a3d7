package dev.maestro.analytics.worker;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Consumes graph jobs; builds, lays out and renders dependency graphs. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class AnalyticsWorkerApplication {

	public static void main(String[] args) {
		SpringApplication.run(AnalyticsWorkerApplication.class, args);
	}

}
