package dev.maestro.request.security;

/** Names of the claims of a Maestro access token. */
public final class MaestroClaims {

	/** The issuer of every Maestro token. */
	public static final String ISSUER = "maestro";

	/** Map of team id to {@link TeamRole} name, for the teams the user belongs to. */
	public static final String TEAMS = "teams";

	public static final String EMAIL = "email";

	public static final String NAME = "name";

	private MaestroClaims() {
	}

}
