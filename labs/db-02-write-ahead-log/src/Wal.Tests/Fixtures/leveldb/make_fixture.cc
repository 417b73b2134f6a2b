// Writes a small LevelDB database whose write-ahead log is the db-02 fixture.
// Build and run with make-fixture.sh. The operations below are asserted, one by one, by
// Step06LevelDbCompatibilityTests; change both together.
//
// The database is closed without compaction: LevelDB only turns a log into a table when the
// memtable fills (4 MiB by default) or when the database is reopened, so after these few writes
// every record is still in the .log file.
#include <cstdio>
#include <cstdlib>
#include <string>

#include "leveldb/db.h"
#include "leveldb/write_batch.h"

static void Check(const leveldb::Status& s) {
  if (!s.ok()) {
    std::fprintf(stderr, "%s\n", s.ToString().c_str());
    std::exit(1);
  }
}

// 40,000 bytes: more than a 32 KiB block, so the record is stored as FIRST + LAST fragments.
static std::string BigValue() {
  std::string v(40000, '\0');
  for (size_t i = 0; i < v.size(); i++) v[i] = static_cast<char>((i * 7 + 3) % 251);
  return v;
}

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s <new-database-directory>\n", argv[0]);
    return 2;
  }
  leveldb::Options options;
  options.create_if_missing = true;
  options.error_if_exists = true;
  leveldb::DB* db = nullptr;
  Check(leveldb::DB::Open(options, argv[1], &db));

  leveldb::WriteOptions write;
  Check(db->Put(write, "alpha", "1"));          // sequence 1
  Check(db->Put(write, "beta", "two"));         // sequence 2
  Check(db->Delete(write, "alpha"));            // sequence 3

  leveldb::WriteBatch batch;                    // sequences 4, 5, 6 in one record
  batch.Put("gamma", "3");
  batch.Delete("beta");
  batch.Put("delta", "4");
  Check(db->Write(write, &batch));

  Check(db->Put(write, "big", BigValue()));     // sequence 7, fragmented
  Check(db->Put(write, "empty", ""));           // sequence 8
  write.sync = true;
  Check(db->Put(write, "after-big", "z"));      // sequence 9, synced

  delete db;
  return 0;
}
