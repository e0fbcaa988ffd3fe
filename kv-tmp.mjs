import { DuckDBInstance } from "@duckdb/node-api";
const c = await (await DuckDBInstance.create(":memory:")).connect();
console.log((await c.runAndReadAll(`SELECT key::VARCHAR, value::VARCHAR FROM parquet_kv_metadata('${process.argv[2]}')`)).getRows());
