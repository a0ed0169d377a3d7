package dev.maestro.inventory.entity;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** An {@link EntityType} described entirely by its settings, for collections without rules of their own. */
public abstract class DescribedType implements EntityType {

	private final String collection;

	private final String label;

	private final Class<?> bodyType;

	private final List<String> searchFields;

	private final Set<String> indexedFields;

	private final Map<String, List<String>> relations;

	protected DescribedType(String collection, String label, Class<?> bodyType, List<String> searchFields,
			Set<String> indexedFields, Map<String, List<String>> relations) {
		this.collection = collection;
		this.label = label;
		this.bodyType = bodyType;
		this.searchFields = searchFields;
		this.indexedFields = indexedFields;
		this.relations = relations;
	}

	@Override
	public String collection() {
		return this.collection;
	}

	@Override
	public String label() {
		return this.label;
	}

	@Override
	public Class<?> bodyType() {
		return this.bodyType;
	}

	@Override
	public List<String> searchFields() {
		return this.searchFields;
	}

	@Override
	public Set<String> indexedFields() {
		return this.indexedFields;
	}

	@Override
	public Map<String, List<String>> relations() {
		return this.relations;
	}

}
