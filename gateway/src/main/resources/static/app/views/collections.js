// What each inventory screen shows: its collection, the columns of its list, its filters and
// sortable columns (indexed fields on the server, see docs/inventory.md) and its form.

export const ENVIRONMENTS = ['Production', 'Stage', 'Development'];
export const FAMILIES = ['Application', 'Database', 'Loadbalance', 'CDN', 'AutoScaling', 'ServiceMesh', 'Broker', 'Cache',
	'ApiGateway', 'Serverless', 'ObjectStorage', 'ETL', 'DNS', 'VPN', 'Monitoring', 'Search'];
export const ENGINES = ['ORACLE', 'MYSQL', 'AURORA', 'MARIADB', 'PERCONA', 'POSTGRESQL', 'SQLSERVER', 'MONGODB', 'REDIS',
	'CASSANDRA', 'ELASTICSEARCH', 'OTHER'];
const MYSQL_FAMILY = ['MYSQL', 'AURORA', 'MARIADB', 'PERCONA'];
export const PROTOCOLS = ['HTTPS', 'HTTP', 'gRPC', 'TCP', 'UDP', 'AMQP', 'Kafka', 'JDBC', 'SQL*Net', 'MySQL', 'Redis', 'LDAP', 'SMTP', 'NFS', 'SSH'];

const isDatabase = (b) => b.family === 'Database';
const isOracle = (b) => isDatabase(b) && b.database && b.database.engine === 'ORACLE';
const isMySql = (b) => isDatabase(b) && b.database && MYSQL_FAMILY.includes(b.database.engine);

/** Label of a record in pickers and links. */
export function labelOf(record) {
	if (!record) return '';
	return record.hostname || record.name || record.id;
}

const APPLICATION_FIELDS = [
	{ name: 'name', label: 'Name', required: true },
	{ name: 'family', label: 'Family', type: 'select', options: FAMILIES },
	{ name: 'environment', label: 'Environment', type: 'select', options: ENVIRONMENTS },
	{ name: 'language', label: 'Language / runtime' },
	{ name: 'clusterMode', label: 'Cluster mode' },
	{ name: 'role.endpoint', label: 'Endpoint', hint: 'e.g. https://pay.example.com' },
	{ name: 'role.port', label: 'Port', type: 'number', min: 1, max: 65535 },
	{ name: 'role.healthCheck', label: 'Health check' },
	{ name: 'serverIds', label: 'Servers', type: 'refs', collection: 'servers' },
	{ name: 'systemIds', label: 'Systems', type: 'refs', collection: 'systems' },
	{ name: 'dependencies', label: 'Dependencies', type: 'rows', fields: [
		{ name: 'targetId', label: 'Depends on', type: 'ref', collection: 'applications', required: true },
		{ name: 'protocol', label: 'Protocol', type: 'text', list: PROTOCOLS },
		{ name: 'endpoint', label: 'Endpoint' },
	] },
	{ section: 'Database', showIf: isDatabase },
	{ name: 'database.engine', label: 'Engine', type: 'select', options: ENGINES, showIf: isDatabase, required: true },
	{ name: 'database.version', label: 'Version', showIf: isDatabase },
	{ name: 'database.mode', label: 'Mode', showIf: isDatabase },
	{ section: 'Oracle', showIf: isOracle, hint: 'A single-node Oracle runs on one server, a RAC on two or more.' },
	{ name: 'database.oracle.storage', label: 'Storage', type: 'select', options: ['LOCAL', 'NETWORK', 'ASM'], showIf: isOracle },
	{ name: 'database.oracle.topology', label: 'Topology', type: 'select', options: ['SINGLE_NODE', 'RAC'], showIf: isOracle },
	{ name: 'database.oracle.grid', label: 'Grid infrastructure', type: 'checkbox', showIf: isOracle },
	{ name: 'database.oracle.backups', label: 'Backups', type: 'multi', options: ['DATA_GUARD', 'GOLDEN_GATE', 'RMAN'], showIf: isOracle },
	{ name: 'database.oracle.cdbs', label: 'Container databases', type: 'rows', showIf: isOracle, fields: [
		{ name: 'name', label: 'CDB name', required: true },
		{ name: 'pdbs', label: 'PDBs (comma separated)', type: 'csv' },
	] },
	{ section: 'MySQL', showIf: isMySql },
	{ name: 'database.mysql.topology', label: 'Topology', type: 'select', options: ['STANDALONE', 'MASTER_REPLICA', 'CLUSTER'], showIf: isMySql },
	{ name: 'database.mysql.replicas', label: 'Replicas', type: 'number', min: 0, max: 64, showIf: isMySql },
	{ name: 'database.mysql.backups', label: 'Backups (comma separated)', type: 'csv', showIf: isMySql },
	{ section: 'Load balancing', showIf: (b) => b.family === 'Loadbalance' },
	{ name: 'targets', label: 'Targets (servers)', type: 'refs', collection: 'servers', showIf: (b) => b.family === 'Loadbalance' },
	{ name: 'loadBalancer.service', label: 'Balanced service', showIf: (b) => b.family === 'Loadbalance' },
	{ name: 'loadBalancer.healthCheck', label: 'Target health check', showIf: (b) => b.family === 'Loadbalance' },
	{ section: 'CDN', showIf: (b) => b.family === 'CDN' },
	{ name: 'cdn.streaming', label: 'Streaming', type: 'checkbox', showIf: (b) => b.family === 'CDN' },
	{ name: 'cdn.origins', label: 'Origins (comma separated)', type: 'csv', showIf: (b) => b.family === 'CDN' },
	{ section: 'Auto scaling', showIf: (b) => b.family === 'AutoScaling' },
	{ name: 'autoScaling.minSize', label: 'Min size', type: 'number', min: 0, showIf: (b) => b.family === 'AutoScaling' },
	{ name: 'autoScaling.maxSize', label: 'Max size', type: 'number', min: 0, showIf: (b) => b.family === 'AutoScaling' },
	{ name: 'autoScaling.desiredCapacity', label: 'Desired capacity', type: 'number', min: 0, showIf: (b) => b.family === 'AutoScaling' },
];

const APPLICATION_LIST = {
	collection: 'applications',
	columns: [
		{ field: 'name', label: 'Name', sort: 'name' },
		{ field: 'family', label: 'Family', sort: 'family' },
		{ field: 'environment', label: 'Environment', sort: 'environment' },
		{ field: 'language', label: 'Language', sort: 'language' },
		{ field: 'dependencies', label: 'Dependencies', format: (v) => (v ? String(v.length) : '0') },
		{ field: 'updatedAt', label: 'Updated', sort: 'updatedAt', time: true },
	],
	fields: APPLICATION_FIELDS,
	searchHint: 'name or endpoint',
};

export const COLLECTIONS = [
	{
		kind: 'servers', collection: 'servers', singular: 'Server', plural: 'Servers', nav: true,
		columns: [
			{ field: 'hostname', label: 'Hostname', sort: 'hostname' },
			{ field: 'ipv4Private', label: 'Private IP', sort: 'ipv4Private' },
			{ field: 'os.base', label: 'OS', sort: 'os.base', format: (v, r) => [v, r.os && r.os.dist, r.os && r.os.version].filter(Boolean).join(' ') },
			{ field: 'cpu', label: 'CPU', sort: 'cpu', numeric: true },
			{ field: 'memoryMb', label: 'Memory (MB)', sort: 'memoryMb', numeric: true },
			{ field: 'environment', label: 'Environment', sort: 'environment' },
			{ field: 'status', label: 'Status', sort: 'status', badge: true },
			{ field: 'updatedAt', label: 'Updated', sort: 'updatedAt', time: true },
		],
		filters: [
			{ name: 'environment', label: 'Environment', options: ENVIRONMENTS },
			{ name: 'status', label: 'Status', options: ['ACTIVE', 'ORPHAN'] },
			{ name: 'os.base', label: 'OS', options: ['Linux', 'Windows', 'AIX', 'Solaris', 'BSD'] },
		],
		searchHint: 'hostname, IP or instance id',
		duplicateCheck: ['hostname', 'ipv4Private'],
		fields: [
			{ name: 'hostname', label: 'Hostname', required: true, autocomplete: 'off' },
			{ name: 'ipv4Private', label: 'Private IPv4', hint: 'e.g. 10.0.0.12', autocomplete: 'off' },
			{ name: 'ipv4Public', label: 'Public IPv4', autocomplete: 'off' },
			{ name: 'ipv6', label: 'IPv6', autocomplete: 'off' },
			{ name: 'environment', label: 'Environment', type: 'select', options: ENVIRONMENTS },
			{ name: 'os.base', label: 'OS', type: 'text', list: ['Linux', 'Windows', 'AIX', 'Solaris', 'BSD'] },
			{ name: 'os.dist', label: 'Distribution' },
			{ name: 'os.version', label: 'OS version' },
			{ name: 'cpu', label: 'CPU cores', type: 'number', min: 0 },
			{ name: 'memoryMb', label: 'Memory (MB)', type: 'number', min: 0 },
			{ name: 'datacenter.id', label: 'Datacenter', type: 'ref', collection: 'datacenters' },
			{ name: 'datacenter.region', label: 'Region' },
			{ name: 'datacenter.zone', label: 'Zone' },
			{ name: 'datacenter.instanceId', label: 'Instance id' },
			{ name: 'storage', label: 'Storage', type: 'rows', fields: [
				{ name: 'mountPath', label: 'Mount path', required: true },
				{ name: 'sizeGb', label: 'Size (GB)', type: 'number', min: 0 },
				{ name: 'root', label: 'Root', type: 'checkbox' },
			] },
			{ name: 'services', label: 'Services', type: 'rows', fields: [
				{ name: 'serviceId', label: 'Service', type: 'ref', collection: 'services', required: true },
				{ name: 'version', label: 'Version' },
				{ name: 'status', label: 'Status' },
			] },
			{ name: 'tags', label: 'Tags (key=value, comma separated)', type: 'kv' },
		],
	},
	{
		kind: 'applications', singular: 'Application', plural: 'Applications', nav: true, ...APPLICATION_LIST,
		filters: [
			{ name: 'family', label: 'Family', options: FAMILIES },
			{ name: 'environment', label: 'Environment', options: ENVIRONMENTS },
		],
	},
	{
		kind: 'databases', singular: 'Database', plural: 'Databases', nav: true, ...APPLICATION_LIST,
		fixed: { family: 'Database' },
		columns: [
			{ field: 'name', label: 'Name', sort: 'name' },
			{ field: 'database.engine', label: 'Engine', sort: 'database.engine' },
			{ field: 'database.version', label: 'Version', sort: 'database.version' },
			{ field: 'database', label: 'Topology', format: (v) => (v && ((v.oracle && v.oracle.topology) || (v.mysql && v.mysql.topology))) || '' },
			{ field: 'environment', label: 'Environment', sort: 'environment' },
			{ field: 'updatedAt', label: 'Updated', sort: 'updatedAt', time: true },
		],
		filters: [
			{ name: 'database.engine', label: 'Engine', options: ENGINES },
			{ name: 'environment', label: 'Environment', options: ENVIRONMENTS },
		],
	},
	{
		kind: 'load-balancers', singular: 'Load balancer', plural: 'Load balancers', nav: true, ...APPLICATION_LIST,
		fixed: { family: 'Loadbalance' },
		columns: [
			{ field: 'name', label: 'Name', sort: 'name' },
			{ field: 'role.endpoint', label: 'Endpoint' },
			{ field: 'targets', label: 'Targets', format: (v) => (v ? String(v.length) : '0') },
			{ field: 'environment', label: 'Environment', sort: 'environment' },
			{ field: 'updatedAt', label: 'Updated', sort: 'updatedAt', time: true },
		],
		filters: [{ name: 'environment', label: 'Environment', options: ENVIRONMENTS }],
	},
	{
		kind: 'datacenters', collection: 'datacenters', singular: 'Datacenter', plural: 'Datacenters', nav: true,
		columns: [
			{ field: 'name', label: 'Name', sort: 'name' },
			{ field: 'provider', label: 'Provider', sort: 'provider' },
			{ field: 'regions', label: 'Regions' },
			{ field: 'updatedAt', label: 'Updated', sort: 'updatedAt', time: true },
		],
		filters: [],
		fields: [
			{ name: 'name', label: 'Name', required: true },
			{ name: 'provider', label: 'Provider', list: ['aws', 'azure', 'gcp', 'on-premises', 'openstack', 'vmware'] },
			{ name: 'regions', label: 'Regions (comma separated)', type: 'csv' },
			{ name: 'zones', label: 'Zones (comma separated)', type: 'csv' },
		],
	},
	{
		kind: 'systems', collection: 'systems', singular: 'System', plural: 'Systems', nav: true,
		columns: [
			{ field: 'name', label: 'Name', sort: 'name' },
			{ field: 'owner', label: 'Owner', sort: 'owner' },
			{ field: 'applicationIds', label: 'Applications', format: (v) => (v ? String(v.length) : '0') },
			{ field: 'updatedAt', label: 'Updated', sort: 'updatedAt', time: true },
		],
		filters: [],
		fields: [
			{ name: 'name', label: 'Name', required: true },
			{ name: 'owner', label: 'Owner' },
			{ name: 'description', label: 'Description', type: 'textarea' },
			{ name: 'applicationIds', label: 'Applications', type: 'refs', collection: 'applications' },
			{ name: 'clientIds', label: 'Clients', type: 'refs', collection: 'clients' },
			{ name: 'links', label: 'Links', type: 'rows', fields: [
				{ name: 'name', label: 'Name', required: true },
				{ name: 'url', label: 'URL', type: 'url', required: true },
			] },
		],
	},
	{
		kind: 'clients', collection: 'clients', singular: 'Client', plural: 'Clients', nav: true,
		columns: [
			{ field: 'name', label: 'Name', sort: 'name' },
			{ field: 'sla', label: 'SLA', sort: 'sla' },
			{ field: 'contacts', label: 'Contacts', format: (v) => (v || []).map((c) => c.name || c.value).join(', ') },
			{ field: 'updatedAt', label: 'Updated', sort: 'updatedAt', time: true },
		],
		filters: [],
		fields: [
			{ name: 'name', label: 'Name', required: true },
			{ name: 'sla', label: 'SLA', hint: 'e.g. 99.9% / 24x7' },
			{ name: 'contacts', label: 'Contacts', type: 'rows', fields: [
				{ name: 'channel', label: 'Channel', type: 'select', options: ['EMAIL', 'PHONE', 'SLACK', 'TEAMS', 'PAGERDUTY', 'OTHER'], required: true },
				{ name: 'value', label: 'Address / number', required: true },
				{ name: 'name', label: 'Name' },
			] },
		],
	},
	{
		kind: 'services', collection: 'services', singular: 'Catalogue service', plural: 'Services catalogue', nav: true,
		columns: [
			{ field: 'name', label: 'Name', sort: 'name' },
			{ field: 'category', label: 'Category', sort: 'category' },
			{ field: 'vendor', label: 'Vendor', sort: 'vendor' },
			{ field: 'engine', label: 'Engine', sort: 'engine' },
		],
		filters: [],
		fields: [
			{ name: 'name', label: 'Name', required: true },
			{ name: 'category', label: 'Category' },
			{ name: 'vendor', label: 'Vendor' },
			{ name: 'engine', label: 'Engine' },
			{ name: 'description', label: 'Description', type: 'textarea' },
		],
	},
];

export function collectionOf(kind) {
	const c = COLLECTIONS.find((x) => x.kind === kind);
	if (!c) return null;
	return { collection: c.kind, ...c, collection: c.collection || c.kind };
}
