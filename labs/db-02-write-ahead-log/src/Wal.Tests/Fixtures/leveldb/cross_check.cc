// The other direction of the compatibility check: real LevelDB reads a log written by our
// LogWriter. Step06LevelDbCompatibilityTests compiles this file into a temp directory and runs:
//
//   cross_check create <dir>   create a database and Put("seed", "1") (sequence 1), then close
//   (the test then replaces the database's only .log file with one written by LogWriter)
//   cross_check dump <dir>     open the database (LevelDB replays the log), print every live
//                              key and value as "<hex key> <hex value>" lines, in key order
//
// paranoid_checks makes LevelDB fail the open instead of skipping a record it cannot read.
#include <cstdio>
#include <cstring>
#include <string>

#include "leveldb/db.h"

static std::string Hex(const leveldb::Slice& s) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  out.reserve(s.size() * 2);
  for (size_t i = 0; i < s.size(); i++) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    out.push_back(digits[c >> 4]);
    out.push_back(digits[c & 15]);
  }
  return out;
}

int main(int argc, char** argv) {
  if (argc != 3 || (std::strcmp(argv[1], "create") != 0 && std::strcmp(argv[1], "dump") != 0)) {
    std::fprintf(stderr, "usage: %s create|dump <database-directory>\n", argv[0]);
    return 2;
  }
  const bool create = std::strcmp(argv[1], "create") == 0;
  leveldb::Options options;
  options.create_if_missing = create;
  options.error_if_exists = create;
  options.paranoid_checks = true;
  leveldb::DB* db = nullptr;
  leveldb::Status s = leveldb::DB::Open(options, argv[2], &db);
  if (!s.ok()) {
    std::fprintf(stderr, "open: %s\n", s.ToString().c_str());
    return 1;
  }
  if (create) {
    s = db->Put(leveldb::WriteOptions(), "seed", "1");
  } else {
    leveldb::Iterator* it = db->NewIterator(leveldb::ReadOptions());
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      std::printf("%s %s\n", Hex(it->key()).c_str(), Hex(it->value()).c_str());
    }
    s = it->status();
    delete it;
  }
  delete db;
  if (!s.ok()) {
    std::fprintf(stderr, "%s\n", s.ToString().c_str());
    return 1;
  }
  return 0;
}
