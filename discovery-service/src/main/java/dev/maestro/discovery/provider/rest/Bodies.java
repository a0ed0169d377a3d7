package dev.maestro.discovery.provider.rest;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Small pieces of inventory bodies the REST providers' translations share. */
public final class Bodies {

	private Bodies() {
	}

	/** Puts a value unless it is {@code null} or blank text. */
	public static void put(Map<String, Object> body, String field, Object value) {
		if (value != null && !(value instanceof String text && text.isBlank())) {
			body.put(field, value);
		}
	}

	/** A cloud-side record (volume, network): {@code name, provider, region, providerId}. */
	public static Map<String, Object> cloud(String name, String provider, String region, String providerId) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("name", truncate(name, 200));
		body.put("provider", provider);
		body.put("region", truncate(region, 64));
		body.put("providerId", truncate(providerId, 128));
		return body;
	}

	/** At most 64 tags, keys and values cut to inventory's limits. */
	public static Map<String, String> tags(Map<String, String> tags) {
		Map<String, String> out = new LinkedHashMap<>();
		for (Map.Entry<String, String> tag : tags.entrySet()) {
			if (out.size() == 64) {
				break;
			}
			if (tag.getKey() != null && !tag.getKey().isBlank()) {
				out.put(truncate(tag.getKey(), 128), truncate((tag.getValue() != null) ? tag.getValue() : "", 256));
			}
		}
		return out;
	}

	/** An {@code Environment}/{@code env} tag → Production, Development or Stage ({@code null} otherwise). */
	public static String environment(Map<String, String> tags) {
		String value = null;
		for (Map.Entry<String, String> tag : tags.entrySet()) {
			String key = tag.getKey().toLowerCase(Locale.ROOT);
			if (key.equals("environment") || key.equals("env")) {
				value = tag.getValue();
				break;
			}
		}
		if (value == null) {
			return null;
		}
		String v = value.toLowerCase(Locale.ROOT);
		if (v.startsWith("prod")) {
			return "Production";
		}
		if (v.startsWith("dev")) {
			return "Development";
		}
		if (v.startsWith("stag") || v.equals("uat")) {
			return "Stage";
		}
		return null;
	}

	public static String truncate(String value, int max) {
		return (value == null || value.length() <= max) ? value : value.substring(0, max);
	}

	/** Whether an IPv4 address is private (RFC 1918), carrier-grade NAT or link-local. */
	public static boolean privateIpv4(String address) {
		String[] parts = address.split("\\.");
		if (parts.length != 4) {
			return false;
		}
		int a = Integer.parseInt(parts[0]);
		int b = Integer.parseInt(parts[1]);
		return a == 10 || (a == 172 && b >= 16 && b <= 31) || (a == 192 && b == 168) || (a == 100 && b >= 64 && b <= 127)
				|| (a == 169 && b == 254);
	}

	/** Whether text is a dotted IPv4 address. */
	public static boolean ipv4(String address) {
		return address != null && address.matches("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
	}

}
