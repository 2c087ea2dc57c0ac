#include "batch_dir.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <set>
#include <sstream>

#include "statecraft/experiment/experiment.hpp"
#include "statecraft/output/own_file.hpp"
#include "statecraft/scenario/error.hpp"
#include "statecraft/util/file.hpp"

namespace fs = std::filesystem;

namespace statecraft {
namespace {

/// The lines of `text`.
std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

/// A spec's lines as --resume compares them: a source file by its contents (its sha256) alone, not by the path
/// it was named by, which differs when the command is run from another directory.
std::vector<std::string> comparable(const std::string& spec) {
  std::vector<std::string> lines = lines_of(spec);
  for (auto& line : lines)
    if (line.rfind("source ", 0) == 0) line = "source " + line.substr(line.find_last_of(' ') + 1);
  return lines;
}

/// What differs first between the spec a batch was started with and this command's, compared as comparable()
/// says and said in their own lines (a source file with its path as well as its sha256).
std::string first_difference(const std::string& then_spec, const std::string& now_spec) {
  const std::vector<std::string> then = comparable(then_spec), now = comparable(now_spec);
  const std::vector<std::string> then_said = lines_of(then_spec), now_said = lines_of(now_spec);
  std::size_t i = 0;
  while (i < then.size() && i < now.size() && then[i] == now[i]) ++i;
  if (i < then.size() && i < now.size()) return "it has '" + then_said[i] + "' where this one has '" + now_said[i] + "'";
  if (i < then.size()) return "it has '" + then_said[i] + "', which this one lacks";
  if (i < now.size()) return "this one adds '" + now_said[i] + "'";
  return "";
}

/// The model a batch was begun under: the number on its spec's "model" line, or "" for a spec written before
/// the model was recorded (model 2 or earlier).
std::string model_of(const std::string& spec) {
  for (const auto& line : lines_of(spec))
    if (line.rfind("model ", 0) == 0) {
      const std::size_t first = line.find_first_not_of(' ', 6), last = line.find_last_not_of(" \r");
      return first == std::string::npos ? std::string() : line.substr(first, last + 1 - first);
    }
  return "";
}

/// Up to `limit` bytes of the regular file at `p`; "" for anything else there (a pipe that would block, a
/// device, a folder) or nothing.
std::string read_text(const fs::path& p, std::size_t limit) {
  FileText f = read_regular_file(p.string(), limit);
  if (f.status != FileStatus::Ok && f.status != FileStatus::TooLarge) return "";
  if (f.text.size() > limit) f.text.resize(limit);
  return std::move(f.text);
}

/// Whether `dir` is a batch directory that statecraft wrote: its spec.txt names the program, or it holds
/// nothing yet (a batch killed while it was being set up).
bool is_batch_dir(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_directory(fs::symlink_status(dir, ec))) return false;
  if (fs::is_empty(dir, ec)) return true;
  return read_text(dir / "spec.txt", 11) == "statecraft ";
}

/// What one checkpoint record claims about a growing file: its length and the CRC-32 remainder of its
/// first `length` bytes.
struct FileMark {
  std::uint64_t length = 0, remainder = 0;
};

/// How many of `marks` (in record order) the file at `path` bears out: its first `length` bytes have the
/// recorded CRC for each of them.
std::size_t borne_out(const fs::path& path, const std::vector<FileMark>& marks) {
  std::ifstream in(path, std::ios::binary);
  boost::crc_32_type running;
  std::uint64_t pos = 0;
  std::vector<char> buf(1 << 16);
  for (std::size_t k = 0; k < marks.size(); ++k) {
    if (marks[k].length < pos) return k;
    while (pos < marks[k].length) {
      const auto want = static_cast<std::streamsize>(std::min<std::uint64_t>(buf.size(), marks[k].length - pos));
      in.read(buf.data(), want);
      if (in.gcount() != want) return k;  // the file is shorter than the record says
      running.process_bytes(buf.data(), static_cast<std::size_t>(want));
      pos += static_cast<std::uint64_t>(want);
    }
    if (running.get_interim_remainder() != marks[k].remainder) return k;
  }
  return marks.size();
}

/// Makes `name` an empty file in the batch folder just made (never through a link there). One that cannot be
/// made is reported when the batch opens it to write (open_for_append).
void touch_own_file(const OwnFolder& folder, const std::string& name) {
  if (const int fd = folder.open_file(name); fd >= 0) ::close(fd);
}

/// Cuts `name`, a file of the batch folder `folder` (`shown` in messages), back to `length` bytes. A file removed
/// from the batch by hand bears out no run (its runs are done again): it is made again, empty.
void cut_back(const OwnFolder& folder, const std::string& shown, const std::string& name, std::uint64_t length) {
  const int fd = folder.open_file(name);
  const bool cut = fd >= 0 && ::ftruncate(fd, static_cast<off_t>(length)) == 0;
  const int err = errno;
  if (fd >= 0) ::close(fd);
  if (!cut)
    throw RunError(shown + "/" + name + ": cannot cut the batch back to its last complete run: " +
                   std::strerror(err));
}

/// What is wrong with the first entry under `dir` that is neither a folder nor a regular file of one name (a
/// symbolic link, a pipe, a hard link to a file elsewhere: resuming would write through it) or that cannot be
/// read, naming it by its path under `dir`; empty if there is none.
std::string first_unplain_entry(const fs::path& dir) {
  std::error_code ec;
  fs::path last = dir;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    last = it->path();
    const fs::file_status st = it->symlink_status(ec);
    const bool plain_file = fs::is_regular_file(st) && fs::hard_link_count(it->path(), ec) == 1;
    if (!plain_file && !fs::is_directory(st))
      return last.lexically_relative(dir).string() + " is a link or not a file, which statecraft did not make";
  }
  // A folder that cannot be read hides what is in it: it is not taken for a clean one.
  if (ec)
    return (last == dir ? fs::path(".") : last.lexically_relative(dir)).string() + " cannot be read (" +
           ec.message() + "), so what it holds cannot be checked";
  return "";
}

}  // namespace

BatchDir::BatchDir(const ExperimentOptions& o, std::string spec, std::vector<std::string> appendable,
                   std::size_t doubles_per_record, const std::vector<std::string>& inputs)
    : target_(o.out_dir, o.force || o.resume, inputs),  // --resume without --force: refused below, saying why
      dir_(target_.sibling(".batch")),
      spec_(std::move(spec)),
      names_(std::move(appendable)),
      doubles_(doubles_per_record),
      lengths_(names_.size(), 0),
      crcs_(names_.size()) {
  std::error_code ec;
  const bool partial = fs::exists(dir_ / "checkpoint.bin", ec);
  if (o.resume) {
    if (!o.force && target_.holds_earlier_outputs()) throw UsageError(earlier_outputs_refused(partial));
    if (!partial)
      throw UsageError(shown() + ": no unfinished batch to resume (expected " + shown_batch() + "/checkpoint.bin" +
                       ", which a stopped batch leaves)");
    refuse_foreign_batch();
    folder_ = OwnFolder(dir_);
    const std::string then_spec = read_text(dir_ / "spec.txt", spec_.size() + (1u << 20));
    // A batch begun under another model: its runs' answers differ from this program's, and no flag can match
    // them, so the message says which program can finish it rather than what to type.
    if (model_of(then_spec) != model_of(spec_))
      throw UsageError(shown() + ": the unfinished batch was begun under " +
                       (model_of(then_spec).empty() ? std::string("an earlier model") : "model " + model_of(then_spec)) +
                       " and this program runs model " + model_of(spec_) +
                       ", whose runs cannot be mixed with its own (expected a batch of this model: finish it with the "
                       "program that began it, or pass --force without --resume to start over)");
    const std::string difference = first_difference(then_spec, spec_);
    if (!difference.empty())
      throw UsageError(shown() + ": the unfinished batch was started by a different command: " + difference +
                       " (expected the same "
                                 "scenario, variants, runs, seed, steps, metrics, --set values and --keep-runs, --uncertain "
                                 "and --explain as given then, and a sweep's --param ranges, design and design file's "
                                 "points, to resume it)");
    return;
  }
  if (partial && !o.force)
    throw UsageError(shown() + ": an unfinished batch is in " + shown_batch() +
                     " (pass --resume to complete it, or --force to start over)");
  start_over();
}

void BatchDir::refuse_foreign_batch() const {
  const std::string batch = dir_.filename().string();
  std::error_code ec;
  if (!fs::is_directory(fs::symlink_status(dir_, ec)))
    throw UsageError(shown() + ": " + batch + " is a symbolic link or not a folder, which statecraft did not make "
                               "(expected the unfinished batch's own folder: move it away, or choose another --out)");
  if (const std::string odd = first_unplain_entry(dir_); !odd.empty())
    throw UsageError(shown() + ": " + batch + "/" + odd +
                     " (expected the batch's own file or nothing there: remove it, and --resume runs its runs again; "
                     "or choose another --out)");
  if (!fs::is_regular_file(fs::symlink_status(dir_ / "spec.txt", ec)))
    throw UsageError(shown() + ": " + batch + "/spec.txt, which says what command started the batch, is missing "
                     "(expected the batch as statecraft left it: pass --force without --resume to start over)");
}

std::string BatchDir::earlier_outputs_refused(bool partial) const {
  if (!partial)
    return shown() + ": holds the outputs of a finished command, and there is no unfinished batch to resume (pass "
                     "--force without --resume to run it again, or choose another --out)";
  return shown() + ": holds the outputs of an earlier command, which completing the unfinished batch would replace "
                   "(pass --force with --resume to complete it and replace them)";
}

void BatchDir::start_over() {
  target_.remove_leftover(dir_, is_batch_dir, "batch left");
  NewFolder made = make_own_folder(dir_, "spec.txt");
  if (made.swapped) throw RunError(target_.sibling_replaced(dir_, "this batch", ""));
  if (made.error != 0) throw RunError(shown() + ": cannot create " + shown_batch() + ": " + std::strerror(made.error));
  folder_ = std::move(made.folder);  // held from here on: its files (and runs/) are made through it
  std::ofstream spec;
  open_own_file(spec, folder_, "spec.txt", std::ios::binary | std::ios::trunc);
  spec << spec_;
  touch_own_file(folder_, "checkpoint.bin");
  for (const auto& n : names_) touch_own_file(folder_, n);
}

std::size_t BatchDir::record_bytes() const {
  return sizeof(std::uint64_t) * (1 + doubles_ + 2 * names_.size() + 1);
}

std::vector<std::vector<double>> BatchDir::recover() {
  const fs::path cp = dir_ / "checkpoint.bin";
  const std::size_t bytes = record_bytes();
  std::vector<std::uint64_t> rec(bytes / sizeof(std::uint64_t));
  std::vector<std::vector<FileMark>> marks(names_.size());
  std::vector<std::vector<double>> records;
  std::ifstream in(cp, std::ios::binary);
  // Complete records, each sealed by the CRC of its own bytes and numbered in order: a torn or damaged
  // record ends what the checkpoint can vouch for.
  for (std::uint64_t k = 0;; ++k) {
    in.read(reinterpret_cast<char*>(rec.data()), static_cast<std::streamsize>(bytes));
    if (in.gcount() != static_cast<std::streamsize>(bytes)) break;
    boost::crc_32_type seal;
    seal.process_bytes(rec.data(), bytes - sizeof(std::uint64_t));
    if (rec.back() != seal.checksum() || rec.front() != k) break;
    std::vector<double> values(doubles_);
    std::memcpy(values.data(), rec.data() + 1, doubles_ * sizeof(double));
    records.push_back(std::move(values));
    const std::uint64_t* m = rec.data() + 1 + doubles_;
    for (std::size_t f = 0; f < names_.size(); ++f) marks[f].push_back(FileMark{m[2 * f], m[2 * f + 1]});
  }
  // The records the growing files bear out: a file cut short (or changed) sends its runs back to be redone.
  std::size_t good = records.size();
  for (std::size_t f = 0; f < names_.size(); ++f) good = std::min(good, borne_out(dir_ / names_[f], marks[f]));
  redone_ = records.size() - good;
  records.resize(good);
  cut_back(folder_, shown_batch(), "checkpoint.bin", good * bytes);
  for (std::size_t f = 0; f < names_.size(); ++f) {
    lengths_[f] = good > 0 ? marks[f][good - 1].length : 0;
    crcs_[f] = boost::crc_32_type();
    if (good > 0) crcs_[f].reset(static_cast<boost::crc_32_type::value_type>(marks[f][good - 1].remainder));
    cut_back(folder_, shown_batch(), names_[f], lengths_[f]);
  }
  return records;
}

void BatchDir::open_for_append() {
  const auto cannot_open = [&](const std::string& name) {
    return RunError(shown_batch() + "/" + name + ": cannot open for writing: " + std::strerror(errno));
  };
  open_own_file(checkpoint_, folder_, "checkpoint.bin", std::ios::binary | std::ios::app);
  if (!checkpoint_) throw cannot_open("checkpoint.bin");
  for (const auto& n : names_) {
    files_.emplace_back();
    open_own_file(files_.back(), folder_, n, std::ios::binary | std::ios::app);
    if (!files_.back()) throw cannot_open(n);
  }
  last_sync_ = last_flush_ = std::chrono::steady_clock::now();
}

void BatchDir::append(std::size_t f, std::string_view rows) {
  files_[f].write(rows.data(), static_cast<std::streamsize>(rows.size()));
  crcs_[f].process_bytes(rows.data(), rows.size());
  lengths_[f] += rows.size();
}

void BatchDir::checkpoint(std::uint64_t item, const std::vector<double>& values) {
  // Appended to the records waiting to go out (the stream would hand each record of a kilobyte or more to the
  // system at once, whatever its buffer).
  std::vector<std::uint64_t>& all = pending_;
  const std::size_t start = all.size();
  all.push_back(item);
  all.resize(start + 1 + doubles_);
  std::memcpy(all.data() + start + 1, values.data(), doubles_ * sizeof(double));
  for (std::size_t f = 0; f < names_.size(); ++f) {
    all.push_back(lengths_[f]);
    all.push_back(crcs_[f].get_interim_remainder());
  }
  boost::crc_32_type seal;
  seal.process_bytes(all.data() + start, (all.size() - start) * sizeof(std::uint64_t));
  all.push_back(seal.checksum());
  // Handed to the system a few times a second, not at every run: three writes a run cost more than a run's
  // arithmetic on a slow or shared file system. A kill loses at most the runs of the last interval, which
  // --resume runs again to the same bytes; rows that went out before their records are checked on resume.
  const auto now = std::chrono::steady_clock::now();
  if (now - last_flush_ < kFlushEvery && all.size() * sizeof(std::uint64_t) < kFlushBytes) return;
  flush();
  last_flush_ = now;
  if (now - last_sync_ >= std::chrono::seconds(1)) {
    sync_all();
    last_sync_ = now;
  }
}

void BatchDir::flush() {
  // The rows first, then the records that vouch for them; a crash between the two is caught on resume.
  for (std::size_t f = 0; f < names_.size(); ++f) {
    files_[f].flush();
    if (!files_[f]) write_failed(names_[f], errno);
  }
  checkpoint_.write(reinterpret_cast<const char*>(pending_.data()),
                    static_cast<std::streamsize>(pending_.size() * sizeof(std::uint64_t)));
  pending_.clear();
  checkpoint_.flush();
  if (!checkpoint_) write_failed("checkpoint.bin", errno);
}

void BatchDir::sync_all() {
  for (const auto& n : names_)
    if (const int err = folder_.sync_file(n)) write_failed(n, err);
  if (const int err = folder_.sync_file("checkpoint.bin")) write_failed("checkpoint.bin", err);
}

void BatchDir::die_midway() {
  flush();  // as a kill right after the runs so far were handed to the system: the worst case for resume
  const char junk[] = "torn";
  for (auto& f : files_) f.write(junk, sizeof junk - 1).flush();
  checkpoint_.write(junk, sizeof junk - 1).flush();
  std::_Exit(137);
}

std::ofstream& BatchDir::final_file(const std::string& name) {
  auto& f = finals_[name];
  f = std::make_unique<std::ofstream>();
  open_own_file(*f, folder_, name, std::ios::binary | std::ios::trunc);
  if (!*f) write_failed(name, errno);
  return *f;
}

std::string BatchDir::kept_for_resume(const std::string& first) const {
  return "the finished runs are kept in " + shown_batch() + ": " + first + ", then run the same command with --resume";
}

RunError BatchDir::replaced_while_running() const {
  return RunError(
      target_.sibling_replaced(dir_, "this batch", ", and the finished runs went with the folder that was moved away"));
}

void BatchDir::write_failed(const std::string& name, int err) const {
  // The advice fits the cause: room on a full disk, write permission where the folder refused it, and a link
  // or other file of someone else's at the name (open_own_file refuses it) moved away.
  if (!folder_.is_at(dir_)) throw replaced_while_running();  // the runs went with the folder moved away
  const bool refused = err == EACCES || err == EPERM || err == EROFS;
  const bool not_ours = err == ELOOP || err == EEXIST;
  throw RunError(shown_batch() + "/" + name + ": write failed" + write_failure(dir_, err) + " (" +
                 kept_for_resume(refused    ? "let statecraft write there"
                                 : not_ours ? "move away what statecraft did not make in it"
                                            : "make room") +
                 ")");
}

void BatchDir::commit() {
  flush();  // the records too: a commit that fails keeps the batch for --resume
  for (std::size_t f = 0; f < names_.size(); ++f) {
    files_[f].close();
    if (!files_[f]) write_failed(names_[f], errno);
  }
  for (auto& [name, f] : finals_) {
    errno = 0;
    f->close();
    if (!*f) write_failed(name, errno);
  }
  checkpoint_.close();
  for (const auto& [name, f] : finals_)
    if (const int err = folder_.sync_file(name)) write_failed(name, err);
  sync_all();
  if (!folder_.is_at(dir_)) throw replaced_while_running();
  try {
    target_.commit(dir_);
  } catch (const RunError& e) {
    throw RunError(std::string(e.what()) + " (" + kept_for_resume("move it out of the way") + ")");
  }
  // The bookkeeping goes once the outputs are in place, so that a failure above leaves a batch to resume.
  std::error_code ec;
  fs::remove(target_.path() / "checkpoint.bin", ec);
  fs::remove(target_.path() / "spec.txt", ec);
  sync_to_disk(target_.path());
  sync_to_disk(target_.path().parent_path());
}

void BatchDir::discard() noexcept {
  checkpoint_.close();
  for (auto& f : files_) f.close();
  finals_.clear();
  if (!folder_.is_at(dir_)) return;  // what is at its name now is not what this batch made
  std::error_code ec;
  fs::remove_all(dir_, ec);
}

}  // namespace statecraft
