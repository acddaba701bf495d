/*
 * snmpload: a small SNMP load generator for the benchmark.
 *
 * Each of S sessions (one forked process each, so they run truly side by
 * side) opens one SNMPv2c session, warms up, waits for the common start,
 * then sends synchronous requests in a loop for a fixed time (or count) and
 * records each request's latency. Given several requests (separated by
 * "--"), a session sends them in turn, one after the other: they are then
 * measured under the same conditions, microseconds apart. The parent prints
 * one summary line per request:
 *   [req=K ]ops=N secs=T rate=R mean_us=M p50_us=A p99_us=B varbinds=V errors=E
 * where rate is N / T over all sessions and V the varbinds one operation
 * returned. Any error (timeout, error-status, noSuch*, endOfMibView inside
 * a walk) is counted, and the exit status is 1 if there was any.
 *
 * usage: snmpload [-c COMMUNITY] [-s SESSIONS] [-d MS] [-n MAX] [-w WARMUP]
 *                 PEER REQUEST [-- REQUEST]...
 * REQUEST:        get OID...            one GET with all OIDs in one PDU
 *                 bulk N OID...         one GETBULK, max-repetitions N
 *                 walk OID              GETNEXT until leaving OID's subtree
 *                 set OID TYPE VALUE    one SET (types as snmpset)
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>

#define LOAD_MAX_OIDS 16
#define LOAD_MAX_REQS 4

enum load_op { LOAD_GET, LOAD_BULK, LOAD_WALK, LOAD_SET };

struct load_req {
	enum load_op op;
	size_t noids;
	oid oids[LOAD_MAX_OIDS][MAX_OID_LEN];
	size_t oidlens[LOAD_MAX_OIDS];
	char settype;
	const char *setvalue;
	long reps; /* GETBULK's max-repetitions */
};

/* One session's results, in memory shared with the parent; request k's
 * latencies start at lat_us[k * max_ops]. */
struct load_slot {
	uint64_t start_ns, end_ns;
	uint64_t nops[LOAD_MAX_REQS], errors[LOAD_MAX_REQS], varbinds[LOAD_MAX_REQS];
	double lat_us[];
};

struct load_opts {
	const char *peer, *community;
	int sessions, warmup, nreqs;
	long max_ops, duration_ms;
};

static uint64_t
load_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int
load_is_exception(const netsnmp_variable_list *vb)
{
	return vb->type == SNMP_NOSUCHOBJECT || vb->type == SNMP_NOSUCHINSTANCE ||
	    vb->type == SNMP_ENDOFMIBVIEW;
}

/* Say why a request failed, once per session: enough to diagnose. */
static void
load_complain(const char *what)
{
	static int said;

	if (!said++)
		fprintf(stderr, "snmpload: %s\n", what);
}

/* Send one PDU and wait; returns the response or NULL on any error. */
static netsnmp_pdu *
load_exchange(void *sess, netsnmp_pdu *pdu)
{
	netsnmp_pdu *resp = NULL;
	int st;

	if ((st = snmp_sess_synch_response(sess, pdu, &resp)) != STAT_SUCCESS || resp == NULL) {
		load_complain(st == STAT_TIMEOUT ? "timeout" : "send/receive error");
		if (resp != NULL)
			snmp_free_pdu(resp);
		return NULL;
	}
	if (resp->errstat != SNMP_ERR_NOERROR) {
		load_complain(snmp_errstring(resp->errstat));
		snmp_free_pdu(resp);
		return NULL;
	}
	return resp;
}

/* One GET, GETBULK or SET; returns the varbind count, or -1 on error. */
static int
load_get_or_set(void *sess, const struct load_req *rq)
{
	static const int types[] = { [LOAD_GET] = SNMP_MSG_GET, [LOAD_BULK] = SNMP_MSG_GETBULK,
				     [LOAD_SET] = SNMP_MSG_SET };
	netsnmp_pdu *pdu, *resp;
	netsnmp_variable_list *vb;
	size_t i;
	int n = 0, bad = 0;

	pdu = snmp_pdu_create(types[rq->op]);
	if (rq->op == LOAD_BULK) {
		pdu->non_repeaters = 0;
		pdu->max_repetitions = rq->reps;
	}
	for (i = 0; i < rq->noids; i++) {
		if (rq->op == LOAD_SET)
			snmp_add_var(pdu, rq->oids[i], rq->oidlens[i], rq->settype, rq->setvalue);
		else
			snmp_add_null_var(pdu, rq->oids[i], rq->oidlens[i]);
	}
	if ((resp = load_exchange(sess, pdu)) == NULL)
		return -1;
	for (vb = resp->variables; vb != NULL; vb = vb->next_variable, n++)
		bad |= load_is_exception(vb);
	snmp_free_pdu(resp);
	if (bad)
		load_complain("noSuchObject, noSuchInstance or endOfMibView");
	return bad ? -1 : n;
}

/* One walk with GETNEXT; returns the varbind count, or -1 on error. */
static int
load_walk(void *sess, const struct load_req *rq)
{
	oid cur[MAX_OID_LEN];
	size_t curlen = rq->oidlens[0];
	netsnmp_pdu *pdu, *resp;
	netsnmp_variable_list *vb;
	int n = 0;

	memcpy(cur, rq->oids[0], curlen * sizeof(oid));
	for (;;) {
		pdu = snmp_pdu_create(SNMP_MSG_GETNEXT);
		snmp_add_null_var(pdu, cur, curlen);
		if ((resp = load_exchange(sess, pdu)) == NULL)
			return -1;
		vb = resp->variables;
		if (vb->type == SNMP_ENDOFMIBVIEW ||
		    snmp_oidtree_compare(rq->oids[0], rq->oidlens[0], vb->name, vb->name_length) != 0) {
			snmp_free_pdu(resp);
			return n;
		}
		if (load_is_exception(vb) ||
		    snmp_oid_compare(vb->name, vb->name_length, cur, curlen) <= 0) {
			load_complain("walk: exception or OID not increasing");
			snmp_free_pdu(resp);
			return -1;
		}
		memcpy(cur, vb->name, vb->name_length * sizeof(oid));
		curlen = vb->name_length;
		snmp_free_pdu(resp);
		n++;
	}
}

static int
load_once(void *sess, const struct load_req *rq)
{
	return rq->op == LOAD_WALK ? load_walk(sess, rq) : load_get_or_set(sess, rq);
}

static void *
load_open(const struct load_opts *o)
{
	netsnmp_session s;
	void *sess;

	snmp_sess_init(&s);
	s.version = SNMP_VERSION_2c;
	s.peername = (char *)o->peer;
	s.community = (u_char *)o->community;
	s.community_len = strlen(o->community);
	s.retries = 0;
	s.timeout = 2000000;
	if ((sess = snmp_sess_open(&s)) == NULL)
		snmp_perror("snmpload: open");
	return sess;
}

/* A child: warm up, say ready, wait for go, run, fill the slot. */
static int
load_child(const struct load_opts *o, const struct load_req *rqs, struct load_slot *slot,
    int ready_fd, int go_fd)
{
	void *sess = load_open(o);
	uint64_t t0, t1, deadline;
	char c = 'r';
	int i, k, n;

	if (sess == NULL)
		return 1;
	for (i = 0; i < o->warmup * o->nreqs; i++)
		if (load_once(sess, &rqs[i % o->nreqs]) < 0)
			slot->errors[i % o->nreqs]++;
	/* Closing ready_fd lets the parent see a session that died early. */
	if (write(ready_fd, &c, 1) != 1 || close(ready_fd) < 0 || read(go_fd, &c, 1) != 1)
		return 1;
	slot->start_ns = t0 = load_now_ns();
	deadline = t0 + (uint64_t)o->duration_ms * 1000000u;
	/* Request 0 goes first, so it is the first to reach max_ops. */
	for (k = 0; slot->nops[0] < (uint64_t)o->max_ops && t0 < deadline; k = (k + 1) % o->nreqs) {
		n = load_once(sess, &rqs[k]);
		t1 = load_now_ns();
		if (n < 0)
			slot->errors[k]++;
		else
			slot->varbinds[k] = n;
		slot->lat_us[k * o->max_ops + slot->nops[k]++] = (t1 - t0) / 1000.0;
		t0 = t1;
	}
	slot->end_ns = t0;
	snmp_sess_close(sess);
	return 0;
}

static int
load_cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double
load_percentile(const double *sorted, uint64_t n, double p)
{
	return n ? sorted[(uint64_t)(p * (double)(n - 1) + 0.5)] : 0.0;
}

/* The summary line of request k over all sessions. */
static void
load_report(const struct load_opts *o, struct load_slot **slots, int k)
{
	uint64_t first = UINT64_MAX, last = 0, nops = 0, errors = 0, varbinds = 0, j;
	double *all = malloc(sizeof(double) * (size_t)o->max_ops * (size_t)o->sessions);
	double secs, sum = 0.0;
	int i;

	for (i = 0; i < o->sessions; i++) {
		memcpy(all + nops, &slots[i]->lat_us[k * o->max_ops], slots[i]->nops[k] * sizeof(double));
		nops += slots[i]->nops[k];
		errors += slots[i]->errors[k];
		varbinds = slots[i]->varbinds[k];
		first = slots[i]->start_ns < first ? slots[i]->start_ns : first;
		last = slots[i]->end_ns > last ? slots[i]->end_ns : last;
	}
	for (j = 0; j < nops; j++)
		sum += all[j];
	qsort(all, nops, sizeof(double), load_cmp_double);
	secs = last > first ? (double)(last - first) / 1e9 : 0.0;
	if (o->nreqs > 1)
		printf("req=%d ", k);
	printf("ops=%llu secs=%.3f rate=%.1f mean_us=%.1f p50_us=%.1f p99_us=%.1f varbinds=%llu "
	    "errors=%llu\n", (unsigned long long)nops, secs, secs > 0 ? (double)nops / secs : 0.0,
	    nops ? sum / (double)nops : 0.0, load_percentile(all, nops, 0.50),
	    load_percentile(all, nops, 0.99), (unsigned long long)varbinds,
	    (unsigned long long)errors);
	free(all);
}

/* Fork the sessions, start them together, wait, report. */
static int
load_run(const struct load_opts *o, const struct load_req *rqs)
{
	size_t slotsize = sizeof(struct load_slot) +
	    sizeof(double) * (size_t)o->max_ops * (size_t)o->nreqs;
	struct load_slot *slots[64];
	int ready[2], go[2], i, k, status, failed = 0;
	char *shm;
	char c;

	shm = mmap(NULL, slotsize * (size_t)o->sessions, PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (shm == MAP_FAILED || pipe(ready) < 0 || pipe(go) < 0) {
		perror("snmpload");
		return 1;
	}
	for (i = 0; i < o->sessions; i++) {
		slots[i] = (struct load_slot *)(shm + slotsize * (size_t)i);
		switch (fork()) {
		case -1:
			perror("snmpload: fork");
			return 1;
		case 0:
			_exit(load_child(o, rqs, slots[i], ready[1], go[0]));
		}
	}
	close(ready[1]);
	for (i = 0; i < o->sessions; i++)
		if (read(ready[0], &c, 1) != 1)
			failed = 1;
	for (i = 0; i < o->sessions; i++)
		if (write(go[1], "g", 1) != 1)
			failed = 1;
	while (wait(&status) > 0)
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
			failed = 1;
	if (failed) {
		fprintf(stderr, "snmpload: a session failed\n");
		return 1;
	}
	for (k = 0; k < o->nreqs; k++)
		load_report(o, slots, k);
	for (i = 0; i < o->sessions; i++)
		for (k = 0; k < o->nreqs; k++)
			if (slots[i]->errors[k])
				return 1;
	return 0;
}

static int
load_parse_oid(struct load_req *rq, const char *name)
{
	if (rq->noids >= LOAD_MAX_OIDS)
		return -1;
	rq->oidlens[rq->noids] = MAX_OID_LEN;
	if (read_objid(name, rq->oids[rq->noids], &rq->oidlens[rq->noids]) == 0) {
		fprintf(stderr, "snmpload: bad OID %s\n", name);
		return -1;
	}
	rq->noids++;
	return 0;
}

/* Parse "get OID...", "bulk N OID...", "walk OID" or "set OID TYPE VALUE". */
static int
load_parse_req(struct load_req *rq, int argc, char **argv)
{
	int i;

	if (argc < 2)
		return -1;
	if (strcmp(argv[0], "get") == 0)
		rq->op = LOAD_GET;
	else if (strcmp(argv[0], "walk") == 0 && argc == 2)
		rq->op = LOAD_WALK;
	else if (strcmp(argv[0], "bulk") == 0 && argc >= 3 && (rq->reps = atol(argv[1])) > 0) {
		rq->op = LOAD_BULK;
		argc--, argv++;
	}
	else if (strcmp(argv[0], "set") == 0 && argc == 4) {
		rq->op = LOAD_SET;
		rq->settype = argv[2][0];
		rq->setvalue = argv[3];
		return load_parse_oid(rq, argv[1]);
	} else
		return -1;
	for (i = 1; i < argc; i++)
		if (load_parse_oid(rq, argv[i]) < 0)
			return -1;
	return 0;
}

/* Parse the requests, separated by "--"; returns how many, or -1. */
static int
load_parse_reqs(struct load_req *rqs, int argc, char **argv)
{
	int n = 0, i, start = 0;

	for (i = 0; i <= argc; i++) {
		if (i < argc && strcmp(argv[i], "--") != 0)
			continue;
		if (n == LOAD_MAX_REQS || load_parse_req(&rqs[n++], i - start, argv + start) < 0)
			return -1;
		start = i + 1;
	}
	return n;
}

int
main(int argc, char **argv)
{
	struct load_opts o = { NULL, "public", 1, 20, 1, 100000, 1000 };
	static struct load_req rqs[LOAD_MAX_REQS];
	int ch;

	/* "+": options end at PEER, so "--" separates requests. */
	while ((ch = getopt(argc, argv, "+c:s:d:n:w:")) != -1) {
		switch (ch) {
		case 'c': o.community = optarg; break;
		case 's': o.sessions = atoi(optarg); break;
		case 'd': o.duration_ms = atol(optarg); break;
		case 'n': o.max_ops = atol(optarg); break;
		case 'w': o.warmup = atoi(optarg); break;
		default: goto usage;
		}
	}
	if (argc - optind < 3 || o.sessions < 1 || o.sessions > 64 || o.max_ops < 1)
		goto usage;
	o.peer = argv[optind];
	/* Numeric OIDs only: no MIB files are read. */
	setenv("MIBS", "", 1);
	netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_DONT_PERSIST_STATE, 1);
	netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_DISABLE_PERSISTENT_LOAD, 1);
	init_snmp("snmpload");
	if ((o.nreqs = load_parse_reqs(rqs, argc - optind - 1, argv + optind + 1)) < 0)
		goto usage;
	return load_run(&o, rqs);
usage:
	fprintf(stderr, "usage: snmpload [-c COMMUNITY] [-s SESSIONS] [-d MS] [-n MAX] [-w WARMUP] "
	    "PEER REQUEST [-- REQUEST]...\n  REQUEST: get OID... | bulk N OID... | walk OID | set OID TYPE VALUE\n");
	return 2;
}
