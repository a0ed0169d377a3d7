package dev.maestro.analytics.worker.render;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Colours and icons. Colours are from the Okabe–Ito palette, which people with the common
 * colour-vision deficiencies tell apart and which stays distinct in greyscale print; every
 * family also has its own icon, so nothing is told by colour alone.
 */
final class Palette {

	static final String ENTRY = "#0072B2";

	static final String COMPUTE = "#009E73";

	static final String STORAGE = "#D55E00";

	static final String MESSAGING = "#CC79A7";

	static final String OTHER = "#000000";

	static final String CYCLE = "#E69F00";

	static final String FONT = "'DejaVu Sans', 'Helvetica Neue', Arial, Helvetica, sans-serif";

	/** Icon path data (24×24, stroked) per family. */
	static final Map<String, String> ICONS = new LinkedHashMap<>();

	static {
		ICONS.put("CDN",
				"<circle cx='12' cy='12' r='9'/><path d='M3 12h18M12 3c3.5 3.5 3.5 14.5 0 18M12 3c-3.5 3.5-3.5 14.5 0 18'/>");
		ICONS.put("ApiGateway", "<path d='M4 21V9l8-6 8 6v12M9 21v-6h6v6'/>");
		ICONS.put("Loadbalance",
				"<circle cx='5' cy='12' r='2.5'/><path d='M7.5 12h4.5M12 12l7-6M12 12h7M12 12l7 6'/><circle cx='20' cy='6' r='1.2'/><circle cx='20' cy='18' r='1.2'/>");
		ICONS.put("Application", "<rect x='3' y='4' width='18' height='16' rx='2'/><path d='M3 8.5h18M6 6.2h1M8.5 6.2h1'/>");
		ICONS.put("Serverless", "<path d='M5 20l6.5-11M8 4h3.5L19 20'/>");
		ICONS.put("AutoScaling", "<rect x='8' y='8' width='8' height='8'/><path d='M3 12h3M18 12h3M12 3v3M12 18v3'/>");
		ICONS.put("Database",
				"<ellipse cx='12' cy='5' rx='8' ry='3'/><path d='M4 5v14c0 1.7 3.6 3 8 3s8-1.3 8-3V5M4 12c0 1.7 3.6 3 8 3s8-1.3 8-3'/>");
		ICONS.put("Cache", "<path d='M13 2L4 14h7l-1 8 9-12h-7z'/>");
		ICONS.put("ObjectStorage", "<path d='M3 6l2 15h14l2-15'/><ellipse cx='12' cy='6' rx='9' ry='2.5'/>");
		ICONS.put("Broker", "<rect x='3' y='6' width='18' height='12' rx='1'/><path d='M7.5 6v12M12 6v12M16.5 6v12'/>");
		ICONS.put("ServiceMesh",
				"<circle cx='5' cy='5' r='2'/><circle cx='19' cy='5' r='2'/><circle cx='5' cy='19' r='2'/><circle cx='19' cy='19' r='2'/><path d='M7 5h10M5 7v10M19 7v10M7 19h10M6.5 6.5l11 11'/>");
		ICONS.put("ETL", "<path d='M3 4h18l-7 8v7l-4 2v-9z'/>");
		ICONS.put("DNS", "<circle cx='12' cy='12' r='9'/><path d='M8 9h8M8 12h8M8 15h5'/>");
		ICONS.put("VPN", "<rect x='5' y='10' width='14' height='11' rx='1'/><path d='M8 10V7a4 4 0 0 1 8 0v3'/>");
		ICONS.put("Monitoring", "<path d='M3 12h4l3-7 4 14 3-7h4'/>");
		ICONS.put("Search", "<circle cx='10' cy='10' r='6'/><path d='M14.5 14.5L21 21'/>");
		ICONS.put("Other", "<circle cx='12' cy='12' r='8'/><circle cx='12' cy='12' r='2'/>");
	}

	private Palette() {
	}

	static String colour(String family) {
		return switch (family) {
			case "CDN", "ApiGateway", "Loadbalance" -> ENTRY;
			case "Application", "Serverless", "AutoScaling" -> COMPUTE;
			case "Database", "Cache", "ObjectStorage" -> STORAGE;
			case "Broker", "ServiceMesh", "ETL" -> MESSAGING;
			default -> OTHER;
		};
	}

	static String icon(String family) {
		return ICONS.containsKey(family) ? family : "Other";
	}

	/** Badge colour of a critical level: none, low, high, very high. */
	static String criticalFill(int level) {
		if (level >= 20) {
			return "#D55E00";
		}
		if (level >= 5) {
			return "#E69F00";
		}
		return (level >= 1) ? "#F0E442" : "#FFFFFF";
	}

}
