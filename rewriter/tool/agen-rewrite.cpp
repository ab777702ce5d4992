//===- agen-rewrite.cpp - source-to-source lowering of agen generators ----===//
//
// LibTooling front end of the agen core. Parses each input with the flags
// from a compilation database (-p) or after `--`, finds the AGEN_GENERATOR
// functions and writes the lowered source (-o FILE, -i, or stdout), checks
// whether a rewrite is pending (--check), or lists the generators (--list).
//
// The lowering is the core's (agen/core/Lowering.h); a file without
// generators passes through byte for byte. All inputs are processed before
// anything is written, so a failure never leaves partial output behind.
//
//===----------------------------------------------------------------------===//
#include "agen/core/ContextDiagnostics.h"
#include "agen/core/FindGenerators.h"
#include "agen/core/Lowering.h"

#include "clang/AST/ASTConsumer.h"
#include "clang/AST/ASTContext.h"
#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/FileManager.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendAction.h"
#include "clang/Tooling/ArgumentsAdjusters.h"
#include "clang/Tooling/CommonOptionsParser.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

using namespace clang;
using namespace clang::tooling;

namespace cl = llvm::cl;

static cl::OptionCategory AgenCategory("agen-rewrite options");

static cl::opt<std::string>
    OutputFile("o",
               cl::desc("Write the lowered source to <file> (one input; "
                        "'-' is stdout)"),
               cl::value_desc("file"), cl::cat(AgenCategory));
static cl::opt<bool>
    InPlace("i", cl::desc("Rewrite the input files in place (atomically)"),
            cl::cat(AgenCategory));
static cl::opt<bool>
    Check("check",
          cl::desc("Write nothing; exit 1 if a rewrite is pending, else 0"),
          cl::cat(AgenCategory));
static cl::opt<bool> NoLineDirectives(
    "no-line-directives",
    cl::desc("Do not emit #line directives in the lowered code"),
    cl::cat(AgenCategory));
static cl::opt<bool>
    List("list",
         cl::desc("Print `file:line:col: name` for each annotated generator"),
         cl::cat(AgenCategory));

static cl::list<std::string> ContextModifiers(
    "context-modifier",
    cl::desc("Treat the class <type> (qualified, no template arguments) as "
             "a context modifier for agen-context-leak; repeatable"),
    cl::value_desc("type"), cl::cat(AgenCategory));
static cl::list<std::string>
    EnableDiags("enable", cl::desc("Turn the diagnostic <name> on"),
                cl::value_desc("name"), cl::cat(AgenCategory));
static cl::list<std::string>
    DisableDiags("disable", cl::desc("Turn the diagnostic <name> off"),
                 cl::value_desc("name"), cl::cat(AgenCategory));

static cl::extrahelp CommonHelp(CommonOptionsParser::HelpMessage);
static cl::extrahelp MoreHelp(R"(
Without -o, -i, --check or --list the result is printed to stdout.
Everything outside annotated generator functions is copied byte for byte.
Diagnostics (on by default): agen-context-leak, agen-context-call-leak.
Their warnings are printed and never stop the rewrite (unless -Werror).
)");

namespace {

constexpr llvm::StringLiteral ToolName = "agen-rewrite";

enum class Mode { Stdout, OutputFile, InPlace, Check, List };

std::string absolutePath(llvm::StringRef Name) {
  llvm::SmallString<256> Path(Name);
  llvm::sys::fs::make_absolute(Path);
  llvm::sys::path::remove_dots(Path, /*remove_dot_dot=*/true);
  return std::string(Path);
}

struct ListedGenerator {
  std::string File;
  unsigned Line;
  unsigned Column;
  std::string QualifiedName;
};

// What one translation unit produced. The AST is gone once the action ends,
// so only plain data is kept.
struct FileResult {
  std::string Path;     // main file, absolute
  std::string Original; // its bytes as the compiler read them
  std::string Lowered;  // what it becomes
  bool Changed = false;
  std::vector<ListedGenerator> Generators;
  /// Set when generators need macro invocations written out: the text to
  /// lower in a second pass.
  std::optional<agen::core::ExpandedSource> Expanded;
};

struct RunState {
  Mode M = Mode::Stdout;
  agen::core::LowerOptions Lower;
  std::vector<FileResult> Files;
  /// Each input's name as typed, by absolute path: what #line directives
  /// call it (ClangTool parses it by its absolute path).
  std::map<std::string, std::string> TypedNames;
  /// Lowering ExpandedSource texts: no macro recording, no context checks.
  bool SecondPass = false;
};

class GeneratorConsumer : public ASTConsumer {
public:
  GeneratorConsumer(RunState &State, Preprocessor &PP) : State(State) {
    if (!State.SecondPass && State.M != Mode::List)
      Macros.emplace(PP);
  }

  void HandleTranslationUnit(ASTContext &Ctx) override {
    DiagnosticsEngine &Diags = Ctx.getDiagnostics();
    if (Diags.hasErrorOccurred())
      return; // the compiler's own diagnostics say why; the run fails

    SourceManager &SM = Ctx.getSourceManager();
    FileID Main = SM.getMainFileID();
    OptionalFileEntryRef Entry = SM.getFileEntryRefForID(Main);
    if (!Entry)
      return;

    FileResult R;
    R.Path = absolutePath(Entry->getName());
    R.Original = SM.getBufferData(Main).str();

    if (State.M == Mode::List) {
      for (const agen::core::GeneratorInfo &G : agen::core::findGenerators(Ctx))
        R.Generators.push_back({G.File, G.Line, G.Column, G.QualifiedName});
    } else {
      agen::core::LowerOptions Opts = State.Lower;
      if (auto It = State.TypedNames.find(R.Path); It != State.TypedNames.end())
        Opts.MainFileName = It->second;
      agen::core::LowerResult L =
          agen::core::lowerMainFile(Ctx, Opts, Macros ? &*Macros : nullptr);
      agen::core::reportDiagnostics(Diags, L.Diagnostics);
      if (L.hasErrors())
        return; // the run fails; nothing is written
      R.Lowered = std::move(L.Text);
      R.Changed = L.Changed;
      R.Expanded = std::move(L.Expanded);
    }
    State.Files.push_back(std::move(R));
  }

private:
  RunState &State;
  std::optional<agen::core::MacroRecorder> Macros;
};

class GeneratorAction : public ASTFrontendAction {
public:
  explicit GeneratorAction(RunState &State) : State(State) {}

protected:
  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &CI,
                                                 llvm::StringRef) override {
    return std::make_unique<GeneratorConsumer>(State, CI.getPreprocessor());
  }

private:
  RunState &State;
};

class GeneratorActionFactory : public FrontendActionFactory {
public:
  explicit GeneratorActionFactory(RunState &State) : State(State) {}
  std::unique_ptr<FrontendAction> create() override {
    return std::make_unique<GeneratorAction>(State);
  }

private:
  RunState &State;
};

// LibTooling derives the resource directory (builtin headers such as
// <stddef.h>) from the tool's own path, which is wrong for a tool that is not
// installed next to clang. Use the directory of the clang agen was built
// against unless the command line names one.
ArgumentsAdjuster resourceDirAdjuster() {
  return [](const CommandLineArguments &Args, llvm::StringRef) {
    llvm::StringRef Dir = AGEN_CLANG_RESOURCE_DIR;
    bool HasOne = llvm::any_of(Args, [](const std::string &A) {
      return llvm::StringRef(A).starts_with("-resource-dir");
    });
    if (HasOne || Args.empty() || !llvm::sys::fs::is_directory(Dir))
      return Args;
    CommandLineArguments Out(Args.begin(), Args.begin() + 1);
    Out.push_back("-resource-dir=" + Dir.str());
    Out.insert(Out.end(), Args.begin() + 1, Args.end());
    return Out;
  };
}

// A compilation database of a project that builds with the plugin carries
// -fplugin=.../agen-plugin.so; loading it here would lower the code before
// the rewriter sees it.
ArgumentsAdjuster stripAgenPluginAdjuster() {
  return [](const CommandLineArguments &Args, llvm::StringRef) {
    CommandLineArguments Out;
    for (const std::string &A : Args) {
      llvm::StringRef S(A);
      if (S.consume_front("-fplugin=") &&
          llvm::sys::path::filename(S) == "agen-plugin.so")
        continue;
      if (llvm::StringRef(A).starts_with("-fplugin-arg-agen-"))
        continue;
      Out.push_back(A);
    }
    return Out;
  };
}

bool writeFileAtomically(llvm::StringRef Path, llvm::StringRef Content) {
  llvm::SmallString<256> Model(Path);
  Model += ".agen-tmp-%%%%%%";
  int FD = -1;
  llvm::SmallString<256> Tmp;
  if (std::error_code EC = llvm::sys::fs::createUniqueFile(Model, FD, Tmp)) {
    llvm::WithColor::error(llvm::errs(), ToolName)
        << "cannot create a temporary file next to '" << Path
        << "': " << EC.message() << "\n";
    return false;
  }
  {
    llvm::raw_fd_ostream OS(FD, /*shouldClose=*/true);
    OS << Content;
    OS.close();
    if (OS.has_error()) {
      llvm::WithColor::error(llvm::errs(), ToolName)
          << "cannot write '" << Tmp << "': " << OS.error().message() << "\n";
      OS.clear_error();
      (void)llvm::sys::fs::remove(Tmp);
      return false;
    }
  }
  // Keep the permissions of a file that is being replaced.
  if (llvm::ErrorOr<llvm::sys::fs::perms> Perms =
          llvm::sys::fs::getPermissions(Path))
    (void)llvm::sys::fs::setPermissions(Tmp, *Perms);
  if (std::error_code EC = llvm::sys::fs::rename(Tmp, Path)) {
    llvm::WithColor::error(llvm::errs(), ToolName)
        << "cannot write '" << Path << "': " << EC.message() << "\n";
    (void)llvm::sys::fs::remove(Tmp);
    return false;
  }
  return true;
}

ClangTool makeTool(CommonOptionsParser &Parser,
                   const std::vector<std::string> &Sources) {
  ClangTool Tool(Parser.getCompilations(), Sources);
  Tool.appendArgumentsAdjuster(stripAgenPluginAdjuster());
  Tool.appendArgumentsAdjuster(resourceDirAdjuster());
  return Tool;
}

/// The second pass over files whose generators needed macro invocations
/// written out: each is parsed again from its ExpandedSource text and
/// lowered from there. The original text stays what the file holds.
bool lowerExpandedSources(CommonOptionsParser &Parser, RunState &State) {
  RunState Second;
  Second.M = State.M;
  Second.Lower = State.Lower;
  Second.TypedNames = State.TypedNames;
  Second.Lower.ContextChecks = false; // reported by the first pass
  Second.SecondPass = true;
  for (FileResult &R : State.Files) {
    if (!R.Expanded)
      continue;
    ClangTool Tool = makeTool(Parser, {R.Path});
    Tool.mapVirtualFile(R.Path, R.Expanded->Text);
    GeneratorActionFactory Factory(Second);
    if (Tool.run(&Factory) != 0 || Second.Files.empty())
      return false;
    R.Lowered = std::move(Second.Files.back().Lowered);
    R.Changed = true;
  }
  return true;
}

void printVersion(llvm::raw_ostream &OS) {
  OS << "agen-rewrite " << AGEN_VERSION << " (LLVM " << LLVM_VERSION_STRING
     << ")\n";
}

} // namespace

int main(int argc, const char **argv) {
  llvm::InitLLVM X(argc, argv);
  cl::SetVersionPrinter(printVersion);

  auto Parser =
      CommonOptionsParser::create(argc, argv, AgenCategory, cl::OneOrMore);
  if (!Parser) {
    llvm::WithColor::error(llvm::errs(), ToolName)
        << llvm::toString(Parser.takeError()) << "\n";
    return 1;
  }

  const std::vector<std::string> &Sources = Parser->getSourcePathList();
  RunState State;
  int Modes = 0;
  if (!OutputFile.empty()) {
    State.M = OutputFile == "-" ? Mode::Stdout : Mode::OutputFile;
    ++Modes;
  }
  if (InPlace) {
    State.M = Mode::InPlace;
    ++Modes;
  }
  if (Check) {
    State.M = Mode::Check;
    ++Modes;
  }
  if (List) {
    State.M = Mode::List;
    ++Modes;
  }
  if (Modes > 1) {
    llvm::WithColor::error(llvm::errs(), ToolName)
        << "-o, -i, --check and --list are mutually exclusive\n";
    return 1;
  }
  if (State.M == Mode::OutputFile && Sources.size() != 1) {
    llvm::WithColor::error(llvm::errs(), ToolName)
        << "-o needs exactly one input file, got " << Sources.size() << "\n";
    return 1;
  }

  State.Lower.LineDirectives = !NoLineDirectives;
  for (const std::string &T : ContextModifiers)
    if (llvm::StringRef(T).trim().empty()) {
      llvm::WithColor::error(llvm::errs(), ToolName)
          << "--context-modifier= needs a type name\n";
      return 1;
    }
  State.Lower.ContextModifiers = ContextModifiers;
  // In command-line order, so the last switch for a name wins.
  std::vector<std::pair<unsigned, std::string>> Switches;
  for (unsigned I = 0; I < EnableDiags.size(); ++I)
    Switches.push_back({EnableDiags.getPosition(I), "=" + EnableDiags[I]});
  for (unsigned I = 0; I < DisableDiags.size(); ++I)
    Switches.push_back({DisableDiags.getPosition(I), "!" + DisableDiags[I]});
  llvm::sort(Switches);
  for (const auto &[Pos, S] : Switches) {
    llvm::StringRef Name = llvm::StringRef(S).drop_front();
    if (Name != agen::core::ContextLeakCheck &&
        Name != agen::core::ContextCallLeakCheck) {
      llvm::WithColor::error(llvm::errs(), ToolName)
          << "unknown diagnostic '" << Name
          << "' (known: " << agen::core::ContextLeakCheck << ", "
          << agen::core::ContextCallLeakCheck << ")\n";
      return 1;
    }
    State.Lower.DiagnosticSwitches[Name.str()] = S[0] == '=';
  }

  for (const std::string &S : Sources)
    State.TypedNames.emplace(absolutePath(S), S);
  ClangTool Tool = makeTool(*Parser, Sources);

  GeneratorActionFactory Factory(State);
  if (Tool.run(&Factory) != 0 || !lowerExpandedSources(*Parser, State))
    return 1; // diagnostics were printed; write nothing

  // A file can appear under several compile commands; the first one counts.
  llvm::StringSet<> SeenFiles;
  std::vector<const FileResult *> Files;
  for (const FileResult &R : State.Files)
    if (SeenFiles.insert(R.Path).second)
      Files.push_back(&R);

  switch (State.M) {
  case Mode::List: {
    llvm::StringSet<> Printed;
    for (const FileResult *R : Files)
      for (const ListedGenerator &G : R->Generators) {
        std::string Line = G.File + ":" + std::to_string(G.Line) + ":" +
                           std::to_string(G.Column) + ": " + G.QualifiedName;
        if (Printed.insert(Line).second)
          llvm::outs() << Line << "\n";
      }
    return 0;
  }
  case Mode::Check: {
    int Pending = 0;
    for (const FileResult *R : Files)
      if (R->Changed) {
        llvm::outs() << R->Path << ": rewrite pending\n";
        Pending = 1;
      }
    return Pending;
  }
  case Mode::InPlace:
    // Unchanged files are left untouched (not even their modification time).
    // Through a symbolic link: the file it names is rewritten, the link
    // stays.
    for (const FileResult *R : Files) {
      llvm::SmallString<256> Target(R->Path);
      (void)llvm::sys::fs::real_path(R->Path, Target);
      if (R->Changed && !writeFileAtomically(Target, R->Lowered))
        return 1;
    }
    return 0;
  case Mode::OutputFile:
    if (Files.empty()) {
      llvm::WithColor::error(llvm::errs(), ToolName)
          << "no output was produced for '" << Sources.front() << "'\n";
      return 1;
    }
    return writeFileAtomically(OutputFile, Files.front()->Lowered) ? 0 : 1;
  case Mode::Stdout: {
    for (const FileResult *R : Files)
      llvm::outs() << R->Lowered;
    llvm::outs().flush();
    bool Failed = llvm::outs().has_error();
    llvm::outs().clear_error(); // reported by the exit code, not by an abort
    return Failed ? 1 : 0;
  }
  }
  return 1;
}
