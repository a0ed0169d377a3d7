package dev.maestro.analytics.worker.job;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the worker draws graphs.
 *
 * @param inventoryService the {@code maestro.request.services} name of inventory-service, which
 * answers {@code graph-export}
 * @param pngMaxPixels largest raster (width × height) a PNG may have; bigger maps are scaled down
 * to fit, so one huge map cannot exhaust the worker's memory or time (16 M pixels take 64 MB while
 * drawn); must match {@code PngRenderer.DEFAULT_MAX_PIXELS}
 */
@ConfigurationProperties("maestro.analytics.worker")
public record AnalyticsWorkerProperties(@DefaultValue("inventory-service") String inventoryService,
		@DefaultValue("16000000") long pngMaxPixels) {
}
