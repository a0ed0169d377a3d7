package dev.maestro.inventory.entity;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.springframework.data.mongodb.core.query.Criteria;

/**
 * Text search across a record's name-like fields ({@code q=}), answered from an index on every
 * MongoDB, the embedded one included. A record keeps its name-like fields lower-cased and joined
 * in {@code _search}, and the distinct three-character substrings of that text in
 * {@code _grams}, under a multikey index on {@code teamId, _grams}. A search for text of three
 * characters or more asks for records holding each of its trigrams — the store reads the few
 * records under its rarest trigram instead of every record of the team — and then for the text
 * itself in {@code _search}, which decides. Shorter text matches so many records that the
 * first page fills after a few records anyway; it is matched on {@code _search} alone.
 */
final class TextSearch {

	static final String TEXT = "_search";

	static final String GRAMS = "_grams";

	/** Length of the substrings indexed. */
	static final int GRAM = 3;

	/** Most trigrams a search asks for: the rest only confirm what {@code _search} decides. */
	private static final int MAX_QUERY_GRAMS = 16;

	private TextSearch() {
	}

	/** The searchable text of a record: its name-like fields, lower-cased, space-separated. */
	static String text(EntityType type, Map<String, Object> body) {
		return type.searchFields()
			.stream()
			.map((field) -> Paths.get(body, field))
			.filter(Objects::nonNull)
			.map((value) -> String.valueOf(value).toLowerCase(Locale.ROOT))
			.collect(Collectors.joining(" "));
	}

	/** The distinct trigrams of the text, in order of first appearance. */
	static List<String> grams(String text) {
		Set<String> grams = new LinkedHashSet<>();
		for (int i = 0; i + GRAM <= text.length(); i++) {
			grams.add(text.substring(i, i + GRAM));
		}
		return new ArrayList<>(grams);
	}

	/** What a record's searchable text must satisfy to match {@code q}. */
	static Criteria matching(String q) {
		String text = q.toLowerCase(Locale.ROOT);
		Criteria contains = Criteria.where(TEXT).regex(Pattern.compile(Pattern.quote(text)));
		List<String> grams = grams(text);
		if (grams.isEmpty()) {
			return contains;
		}
		List<Criteria> clauses = new ArrayList<>();
		// Spread over the text when it has more trigrams than are asked for.
		int step = Math.max(1, (grams.size() + MAX_QUERY_GRAMS - 1) / MAX_QUERY_GRAMS);
		for (int i = 0; i < grams.size(); i += step) {
			clauses.add(Criteria.where(GRAMS).is(grams.get(i)));
		}
		clauses.add(contains);
		return new Criteria().andOperator(clauses);
	}

}
