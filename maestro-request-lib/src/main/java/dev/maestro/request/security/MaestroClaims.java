package dev.maestro.request.security;

/** Names of the claims of a Maestro access token. */
public final class MaestroClaims {

	/** The issuer of every Maestro token. */
	public static final String ISSUER = "maestro";

	/** Map of team id to {@link TeamRole} name, for the teams the user belongs to. */
	public static final String TEAMS = "teams";

	public static final String EMAIL = "email";

	public static final String NAME = "name";

	/** Present (with the service's id) only on the tokens of Maestro services. */
	public static final String SERVICE = "service";

	/** Space-separated scopes of a service token. */
	public static final String SCOPE = "scope";

	/** Scope that lets a service read any team's resources. */
	public static final String SCOPE_TEAMS_READ = "teams:read";

	/** Scope that lets a service change any team's resources. */
	public static final String SCOPE_TEAMS_WRITE = "teams:write";

	private MaestroClaims() {
	}

}
