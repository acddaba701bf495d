# HOST-POWER-MIB, installed where net-snmp's tools look for MIBs.
mibdir = $(datarootdir)/snmp/mibs
dist_mib_DATA = mibs/HOST-POWER-MIB.txt
