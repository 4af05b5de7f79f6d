# Runs ClickHouse's clickhouse-local from libchdb.so (npm package @chdb/lib-linux-x64-gnu) with the given
# arguments. With "SYSTEM START LISTEN" it serves ClickHouse's own HTTP and native protocols; its last query
# reads stdin, so the server lives exactly as long as stdin stays open.
import ctypes
import sys

library = ctypes.CDLL(sys.argv[1])
library.chdb_query_cmdline.restype = ctypes.c_void_p
library.chdb_query_cmdline.argtypes = [ctypes.c_int, ctypes.POINTER(ctypes.c_char_p)]
arguments = [b"clickhouse"] + [argument.encode() for argument in sys.argv[2:]]
library.chdb_query_cmdline(len(arguments), (ctypes.c_char_p * len(arguments))(*arguments))
