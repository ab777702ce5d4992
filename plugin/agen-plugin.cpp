//===- agen-plugin.cpp - Clang plugin front end of agen -------------------===//
//
// The `agen` plugin action, loaded with
//   clang++ -fplugin=<prefix>/lib/agen-plugin.so ...
// A thin adapter over the agen core (agen::core::lowerMainFile). It runs
// before the main action (AddBeforeMainAction), so the main action is the one
// the user asked for and every original option keeps working:
//  1. a textual pre-scan of the main file: a file that never spells
//     AGEN_GENERATOR or "agen::generator" costs nothing more;
//  2. otherwise a silent, syntax-only parse of a deep copy of the invocation
//     in a nested CompilerInstance, whose AST the core lowers (parsed a second
//     time from the core's ExpandedSource when generators need macro
//     invocations written out);
//  3. the real SourceManager then compiles the lowered text: the main file
//     entry's contents are overridden and a NEW main FileID is created for it
//     (reusing the existing FileID miscompiles silently: its offset range is
//     sized for the original text);
//  4. at the end of the translation unit the core's diagnostics are reported
//     on the real DiagnosticsEngine at the same source places (warnings in the
//     -Wbackend-plugin group, so -Werror, -w and pragmas apply).
// Usage, arguments and what is honoured: docs/plugin.md.
//
//===----------------------------------------------------------------------===//
#include "agen/core/FindGenerators.h"
#include "agen/core/Lowering.h"

#include "clang/AST/ASTConsumer.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/Decl.h"
#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/DiagnosticFrontend.h"
#include "clang/Basic/FileManager.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/CompilerInvocation.h"
#include "clang/Frontend/FrontendAction.h"
#include "clang/Frontend/FrontendOptions.h"
#include "clang/Frontend/FrontendPluginRegistry.h"
#include "clang/Lex/PreprocessorOptions.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

using namespace clang;
namespace core = agen::core;

namespace {

/// Diagnostic names accepted by enable=/disable=.
constexpr llvm::StringLiteral KnownDiagnostics[] = {"agen-context-leak",
                                                    "agen-context-call-leak"};

struct PluginOptions {
  bool Lower = true;
  std::vector<std::string> PrintLowered; ///< function names
  std::map<std::string, bool> DiagnosticSwitches;
  std::vector<std::string> ContextModifiers; ///< context-modifier= types
};

core::LowerOptions lowerOptions(const PluginOptions &PO) {
  core::LowerOptions LO;
  LO.DiagnosticSwitches = PO.DiagnosticSwitches;
  LO.ContextModifiers = PO.ContextModifiers;
  return LO;
}

// The plugin is registered process-wide, so the nested CompilerInstance
// instantiates it again; this keeps that instance inert.
thread_local bool InNestedParse = false;

//===-- Presumed lines of a text (honours #line and GNU line markers) -----===//

struct TextLine {
  unsigned Begin = 0; ///< offset of the first character
  unsigned End = 0;   ///< offset of the newline (or of the end of the text)
  unsigned File = 0;  ///< index into LineMap::Files
  unsigned Line = 0;  ///< presumed line number
};

struct LineMap {
  std::vector<std::string> Files;
  std::vector<TextLine> Lines;

  std::optional<unsigned> fileIndex(llvm::StringRef Name) const {
    for (unsigned I = 0; I < Files.size(); ++I)
      if (Files[I] == Name)
        return I;
    return std::nullopt;
  }
};

struct LineDirective {
  unsigned Line;
  std::optional<std::string> File;
};

// `#line N ["file"]` or `# N "file" flags...`; the core emits the former, .ii
// files (-save-temps) carry the latter.
std::optional<LineDirective> parseLineDirective(llvm::StringRef L) {
  L = L.ltrim(" \t");
  if (!L.consume_front("#"))
    return std::nullopt;
  L = L.ltrim(" \t");
  if (L.consume_front("line")) {
    if (L.empty() || (L.front() != ' ' && L.front() != '\t'))
      return std::nullopt;
    L = L.ltrim(" \t");
  }
  size_t Digits = L.find_first_not_of("0123456789");
  if (Digits == 0)
    return std::nullopt;
  LineDirective D;
  if (L.substr(0, Digits).getAsInteger(10, D.Line))
    return std::nullopt;
  L = L.substr(Digits).ltrim(" \t");
  if (L.consume_front("\"")) {
    std::string Name;
    for (size_t I = 0; I < L.size() && L[I] != '"'; ++I) {
      if (L[I] == '\\' && I + 1 < L.size())
        ++I;
      Name += L[I];
    }
    D.File = std::move(Name);
  }
  return D;
}

LineMap mapLines(llvm::StringRef Text, llvm::StringRef MainName) {
  LineMap M;
  M.Files.push_back(MainName.str());
  unsigned File = 0, Line = 1;
  size_t Pos = 0;
  while (Pos <= Text.size()) {
    size_t NL = Text.find('\n', Pos);
    size_t End = NL == llvm::StringRef::npos ? Text.size() : NL;
    M.Lines.push_back({unsigned(Pos), unsigned(End), File, Line});
    if (std::optional<LineDirective> D =
            parseLineDirective(Text.slice(Pos, End))) {
      Line = D->Line;
      if (D->File) {
        std::optional<unsigned> I = M.fileIndex(*D->File);
        if (!I) {
          I = M.Files.size();
          M.Files.push_back(*D->File);
        }
        File = *I;
      }
    } else {
      ++Line;
    }
    if (NL == llvm::StringRef::npos)
      break;
    Pos = NL + 1;
  }
  return M;
}

//===-- The nested parse --------------------------------------------------===//

/// A core diagnostic, detached from the nested parse's SourceManager.
struct PendingDiagnostic {
  core::LowerDiagnostic::Level Severity = core::LowerDiagnostic::Level::Error;
  std::string Message;
  bool InMainFile = false;
  unsigned Offset = 0;         ///< in the main file text the real compile reads
  unsigned OriginalOffset = 0; ///< in the file as written
  std::string Where;           ///< "file:line:col", when it has no place there
};

/// A generator print-lowered asked for, as the core lowered it.
struct PrintedGenerator {
  std::string QualifiedName;
  std::string Where; ///< "file:line" of its declaration
  std::string Text;
};

struct NestedResult {
  bool Parsed = false; ///< the translation unit parsed without errors
  core::LowerResult Lowered;
  std::vector<PendingDiagnostic> Diagnostics;
  std::vector<PrintedGenerator> Printed;
  std::string MainName; ///< presumed name of the main file
};

/// How the nested parse reads the main file.
struct NestedPass {
  /// Skip function bodies outside the main file.
  bool SkipHeaderBodies = true;
  /// Second pass: parse this text in place of the main file (macro
  /// invocations written out); the first pass reported the context checks.
  const core::ExpandedSource *Expanded = nullptr;
};

class NestedConsumer : public ASTConsumer {
public:
  NestedConsumer(const PluginOptions &PO, NestedPass Pass, NestedResult &R,
                 Preprocessor &PP)
      : PO(PO), Pass(Pass), R(R) {
    if (!Pass.Expanded)
      Macros.emplace(PP);
  }

  void Initialize(ASTContext &Ctx) override { SM = &Ctx.getSourceManager(); }

  // Only main-file bodies can hold the generators to lower (lambdas
  // included), so header bodies are not needed: most of the parse time.
  bool shouldSkipFunctionBody(Decl *D) override {
    return Pass.SkipHeaderBodies &&
           !SM->isInMainFile(SM->getExpansionLoc(D->getLocation()));
  }

  void HandleTranslationUnit(ASTContext &Ctx) override {
    if (Ctx.getDiagnostics().hasErrorOccurred())
      return;
    R.Parsed = true;
    FileID Main = SM->getMainFileID();
    R.MainName =
        SM->getPresumedLoc(SM->getLocForStartOfFile(Main)).getFilename();
    core::LowerOptions LO = lowerOptions(PO);
    LO.ContextChecks = !Pass.Expanded;
    R.Lowered = core::lowerMainFile(Ctx, LO, Macros ? &*Macros : nullptr);

    for (const core::LowerDiagnostic &D : R.Lowered.Diagnostics) {
      PendingDiagnostic P;
      P.Severity = D.Severity;
      P.Message = D.Message;
      if (D.Loc.isValid()) {
        SourceLocation E = SM->getExpansionLoc(D.Loc);
        std::pair<FileID, unsigned> Dec = SM->getDecomposedLoc(E);
        P.InMainFile = Dec.first == Main;
        P.Offset = P.OriginalOffset = original(Dec.second);
        PresumedLoc PL = SM->getPresumedLoc(E);
        if (PL.isValid())
          P.Where =
              (llvm::Twine(PL.getFilename()) + ":" + llvm::Twine(PL.getLine()) +
               ":" + llvm::Twine(PL.getColumn()))
                  .str();
      } else if (D.InMainFile) {
        P.InMainFile = true;
        P.Offset = P.OriginalOffset = original(D.MainFileOffset);
      }
      R.Diagnostics.push_back(std::move(P));
    }

    if (PO.PrintLowered.empty())
      return;
    std::vector<core::GeneratorInfo> Gens = core::findGenerators(Ctx);
    for (const core::LoweredFunction &F : R.Lowered.Functions) {
      if (!llvm::is_contained(PO.PrintLowered, F.Name) &&
          !llvm::is_contained(PO.PrintLowered, F.QualifiedName))
        continue;
      std::string Where;
      for (const core::GeneratorInfo &G : Gens)
        if (G.QualifiedName == F.QualifiedName)
          Where = G.File + ":" + std::to_string(G.Line);
      R.Printed.push_back({F.QualifiedName, Where, F.Text});
    }
  }

private:
  /// Offset in the file as written of \p Offset in the parsed text.
  unsigned original(unsigned Offset) const {
    return Pass.Expanded ? Pass.Expanded->originalOffset(Offset) : Offset;
  }

  const PluginOptions &PO;
  NestedPass Pass;
  NestedResult &R;
  SourceManager *SM = nullptr;
  std::optional<core::MacroRecorder> Macros;
};

class NestedAction : public ASTFrontendAction {
public:
  NestedAction(const PluginOptions &PO, NestedPass Pass, NestedResult &R)
      : PO(PO), Pass(Pass), R(R) {}

protected:
  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &CI,
                                                 llvm::StringRef) override {
    return std::make_unique<NestedConsumer>(PO, Pass, R, CI.getPreprocessor());
  }

private:
  const PluginOptions &PO;
  NestedPass Pass;
  NestedResult &R;
};

/// Parses the main file again with the real compile's options, silently and
/// without any output of its own, and lowers it.
NestedResult parseAndLower(CompilerInstance &CI, const FrontendInputFile &Input,
                           const PluginOptions &PO, NestedPass Pass) {
  // Deep copy: the real invocation must not change.
  auto Inv = std::make_shared<CompilerInvocation>(CI.getInvocation());
  FrontendOptions &FO = Inv->getFrontendOpts();
  FO.ProgramAction = frontend::ParseSyntaxOnly;
  FO.Inputs = {Input};
  FO.OutputFile.clear();
  FO.Plugins.clear();
  FO.AddPluginActions.clear();
  FO.PluginArgs.clear();
  FO.ActionName.clear();
  FO.ShowStats = false;
  FO.StatsFile.clear();
  FO.ASTDumpDecls = FO.ASTDumpAll = FO.ASTDumpLookups = false;
  FO.ASTDumpDeclTypes = false;
  FO.SkipFunctionBodies = Pass.SkipHeaderBodies;
  FO.DisableFree = false; // the real compile keeps running: free this AST
  Inv->getDependencyOutputOpts() = DependencyOutputOptions();
  Inv->getHeaderSearchOpts().Verbose = false;
  // The copy shares the real compile's buffers; they are not its to free.
  Inv->getPreprocessorOpts().RetainRemappedFileBuffers = true;
  std::unique_ptr<llvm::MemoryBuffer> Expanded; // retained: freed here
  if (Pass.Expanded) {
    Expanded =
        llvm::MemoryBuffer::getMemBuffer(Pass.Expanded->Text, Input.getFile());
    Inv->getPreprocessorOpts().addRemappedFile(Input.getFile(), Expanded.get());
  }
  DiagnosticOptions &DO = Inv->getDiagnosticOpts();
  DO.VerifyDiagnostics = false;
  DO.DiagnosticLogFile.clear();
  DO.DiagnosticSerializationFile.clear();
  DO.IgnoreWarnings = true; // -Werror must not fail this parse
  Inv->getCodeGenOpts().TimePasses = false;

  NestedResult R;
  CompilerInstance Nested(CI.getPCHContainerOperations());
  Nested.setInvocation(std::move(Inv));
  Nested.createDiagnostics(new IgnoringDiagConsumer, /*ShouldOwnClient=*/true);
  // Same files, same stat cache, and stdin is read only once.
  Nested.setFileManager(&CI.getFileManager());
  NestedAction Act(PO, Pass, R);
  InNestedParse = true;
  auto Reset = llvm::make_scope_exit([] { InNestedParse = false; });
  Nested.ExecuteAction(Act);
  if (Nested.getDiagnostics().hasErrorOccurred())
    R.Parsed = false;
  return R;
}

//===-- The real compile --------------------------------------------------===//

/// Makes \p SM compile \p Text as its main file.
void compileLoweredText(SourceManager &SM, llvm::StringRef Text) {
  FileID Old = SM.getMainFileID();
  SrcMgr::CharacteristicKind Kind =
      SM.getFileCharacteristic(SM.getLocForStartOfFile(Old));
  std::unique_ptr<llvm::MemoryBuffer> Buf =
      llvm::MemoryBuffer::getMemBufferCopy(
          Text, SM.getBufferOrFake(Old).getBufferIdentifier());
  FileID New;
  // Through the same file entry: quoted includes, include guards, dependency
  // output and debug info keep seeing the user's file.
  if (OptionalFileEntryRef Entry = SM.getFileEntryRefForID(Old)) {
    SM.overrideFileContents(*Entry, std::move(Buf));
    New = SM.createFileID(*Entry, SourceLocation(), Kind);
  } else {
    New = SM.createFileID(std::move(Buf), Kind);
  }
  SM.setMainFileID(New);
}

bool isIdentifierChar(char C) { return llvm::isAlnum(C) || C == '_'; }

/// The identifier (or keyword) starting at \p Offset of \p Text, if any.
llvm::StringRef wordAt(llvm::StringRef Text, unsigned Offset) {
  size_t End = Offset;
  while (End < Text.size() && isIdentifierChar(Text[End]))
    ++End;
  return Text.slice(Offset, End);
}

/// Where \p Word occurs in \p Line as a whole word.
std::optional<unsigned> findWord(llvm::StringRef Line, llvm::StringRef Word) {
  for (size_t At = Line.find(Word); At != llvm::StringRef::npos;
       At = Line.find(Word, At + 1)) {
    size_t End = At + Word.size();
    if ((At == 0 || !isIdentifierChar(Line[At - 1])) &&
        (End == Line.size() || !isIdentifierChar(Line[End])))
      return At;
  }
  return std::nullopt;
}

/// Where \p Offset of \p Original is in \p Lowered: on a line with the same
/// presumed file and line (the core's #line directives say which), preferably
/// one with the same text, at the same column; else at the first whole-word
/// occurrence of the word at \p Offset (a `co_yield` is rewritten, but the
/// lowering names it in a comment, and variables keep their names); else at
/// the same column of the first such line.
std::optional<unsigned> mapOffset(unsigned Offset, llvm::StringRef Original,
                                  const LineMap &OL, llvm::StringRef Lowered,
                                  const LineMap &LL) {
  auto It =
      llvm::upper_bound(OL.Lines, Offset, [](unsigned O, const TextLine &L) {
        return O < L.Begin;
      });
  if (It == OL.Lines.begin())
    return std::nullopt;
  const TextLine &From = *std::prev(It);
  std::optional<unsigned> File = LL.fileIndex(OL.Files[From.File]);
  if (!File)
    return std::nullopt;
  llvm::StringRef FromText = Original.slice(From.Begin, From.End);
  llvm::StringRef Word = wordAt(Original, Offset);
  const TextLine *First = nullptr;
  std::optional<unsigned> WordAt;
  for (const TextLine &L : LL.Lines) {
    if (L.File != *File || L.Line != From.Line)
      continue;
    llvm::StringRef Text = Lowered.slice(L.Begin, L.End);
    if (Text == FromText)
      return L.Begin + (Offset - From.Begin);
    if (!WordAt && !Word.empty())
      if (std::optional<unsigned> At = findWord(Text, Word))
        WordAt = L.Begin + *At;
    if (!First)
      First = &L;
  }
  if (WordAt)
    return WordAt;
  if (!First)
    return std::nullopt;
  return First->Begin +
         std::min(Offset - From.Begin, First->End - First->Begin);
}

/// Prints each generator print-lowered named, as the core lowered it.
void printLowered(const NestedResult &R, llvm::raw_ostream &OS) {
  for (const PrintedGenerator &G : R.Printed)
    OS << "// agen: lowered source of '" << G.QualifiedName << "' (" << G.Where
       << ")\n"
       << G.Text << "\n";
  OS.flush();
}

/// Reports the core's diagnostics once the translation unit has been parsed,
/// so #pragma clang diagnostic in the main file applies to them.
class ReportConsumer : public ASTConsumer {
public:
  /// \p Original, when the main file was lowered: a file ID holding the text
  /// as written, where diagnostics point (line, column and source line).
  ReportConsumer(SourceManager &SM, FileID Main,
                 std::vector<PendingDiagnostic> Diags, std::string FailedFile,
                 FileID Original = FileID())
      : Start(SM.getLocForStartOfFile(Main)), Diags(std::move(Diags)),
        FailedFile(std::move(FailedFile)) {
    if (Original.isValid())
      OriginalStart = SM.getLocForStartOfFile(Original);
  }

  void HandleTranslationUnit(ASTContext &Ctx) override {
    DiagnosticsEngine &DE = Ctx.getDiagnostics();
    if (!FailedFile.empty()) {
      // The nested parse failed where the real one did not: never compile
      // the generators natively without saying so.
      if (!DE.hasErrorOccurred())
        DE.Report(diag::err_fe_backend_plugin)
            << "agen: parsing '" + FailedFile +
                   "' for lowering failed; its generators are not lowered";
      return;
    }
    bool AtOriginal = false; // where the last warning or error went
    for (const PendingDiagnostic &P : Diags) {
      unsigned ID = P.Severity == core::LowerDiagnostic::Level::Error
                        ? diag::err_fe_backend_plugin
                    : P.Severity == core::LowerDiagnostic::Level::Warning
                        ? diag::warn_fe_backend_plugin
                        : diag::note_fe_backend_plugin;
      if (P.InMainFile) {
        SourceLocation Lowered = Start.getLocWithOffset(P.Offset);
        SourceLocation Loc = Lowered;
        // The text as written is not part of the translation unit, so the
        // pragmas in effect are looked up at the lowered location: when
        // they decide differently, the diagnostic stays there.
        if (OriginalStart.isValid()) {
          SourceLocation Original =
              OriginalStart.getLocWithOffset(P.OriginalOffset);
          if (ID != diag::note_fe_backend_plugin)
            AtOriginal = DE.getDiagnosticLevel(ID, Lowered) ==
                         DE.getDiagnosticLevel(ID, Original);
          if (AtOriginal)
            Loc = Original;
        }
        DE.Report(Loc, ID) << P.Message;
      } else
        DE.Report(ID) << (P.Where.empty() ? P.Message
                                          : P.Where + ": " + P.Message);
    }
  }

private:
  SourceLocation Start;
  SourceLocation OriginalStart;
  std::vector<PendingDiagnostic> Diags;
  std::string FailedFile;
};

/// Without lowering (no-lower, or a mode that must not lower) the context
/// checks still run, on the real AST: the file is compiled as written.
class CheckConsumer : public ASTConsumer {
public:
  // A copy: the plugin action is gone once it has made its consumer.
  explicit CheckConsumer(core::LowerOptions LO) : LO(std::move(LO)) {}

  void HandleTranslationUnit(ASTContext &Ctx) override {
    if (Ctx.getDiagnostics().hasErrorOccurred())
      return;
    core::reportDiagnostics(Ctx.getDiagnostics(), core::checkMainFile(Ctx, LO));
  }

private:
  core::LowerOptions LO;
};

/// Actions and options under which the main file must stay as written.
bool mayLower(const CompilerInstance &CI) {
  const FrontendOptions &FO = CI.getFrontendOpts();
  // Fix-its are written back into the file the compiler read.
  if (FO.FixWhatYouCan || FO.FixOnlyWarnings || FO.FixAndRecompile ||
      FO.FixToTemporaries || !FO.FixItSuffix.empty())
    return false;
  switch (FO.ProgramAction) {
  case frontend::FixIt:
  case frontend::RewriteObjC:
  case frontend::RewriteTest:
  case frontend::PluginAction: // another plugin's tool may write sources
    return false;
  default:
    break;
  }
  return CI.getLangOpts().CPlusPlus && FO.Inputs.size() == 1 &&
         FO.Inputs[0].getKind().getFormat() == InputKind::Source;
}

bool mentionsGenerators(llvm::StringRef Text) {
  return Text.contains("AGEN_GENERATOR") ||
         Text.contains("\"agen::generator\"");
}

class AgenPluginAction : public PluginASTAction {
protected:
  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &CI,
                                                 llvm::StringRef) override {
    if (InNestedParse || !CI.getLangOpts().CPlusPlus)
      return std::make_unique<ASTConsumer>();
    SourceManager &SM = CI.getSourceManager();
    FileID Main = SM.getMainFileID();
    std::optional<llvm::StringRef> Text = SM.getBufferDataOrNone(Main);
    if (!Text || !mentionsGenerators(*Text))
      return std::make_unique<ASTConsumer>();
    if (!Opts.Lower || !mayLower(CI))
      return std::make_unique<CheckConsumer>(lowerOptions(Opts));

    // Header bodies are skipped for speed; should that ever make the parse
    // fail, parse again in full before giving up.
    const FrontendInputFile &Input = CI.getFrontendOpts().Inputs[0];
    NestedPass Pass;
    NestedResult R = parseAndLower(CI, Input, Opts, Pass);
    if (!R.Parsed) {
      Pass.SkipHeaderBodies = false;
      R = parseAndLower(CI, Input, Opts, Pass);
    }
    if (R.Parsed && R.Lowered.Expanded) {
      // Warnings come from the text as written, the lowering from the text
      // with macro invocations written out.
      std::vector<PendingDiagnostic> Checks = std::move(R.Diagnostics);
      core::ExpandedSource Expanded = std::move(*R.Lowered.Expanded);
      Pass.Expanded = &Expanded;
      R = parseAndLower(CI, Input, Opts, Pass);
      R.Diagnostics.insert(R.Diagnostics.begin(), Checks.begin(), Checks.end());
    }
    if (!R.Parsed) // the real compile reports why (or ReportConsumer does)
      return std::make_unique<ReportConsumer>(
          SM, Main, std::vector<PendingDiagnostic>(),
          SM.getBufferOrFake(Main).getBufferIdentifier().str());

    if (!R.Lowered.Changed || R.Lowered.hasErrors())
      return std::make_unique<ReportConsumer>(SM, Main,
                                              std::move(R.Diagnostics), "");

    std::string Original = Text->str(); // the override frees *Text
    const std::string &Lowered = R.Lowered.Text;
    LineMap OL = mapLines(Original, R.MainName);
    LineMap LL = mapLines(Lowered, R.MainName);
    for (PendingDiagnostic &P : R.Diagnostics) {
      if (!P.InMainFile)
        continue;
      if (std::optional<unsigned> O =
              mapOffset(P.Offset, Original, OL, Lowered, LL))
        P.Offset = *O;
      else
        P.InMainFile = false;
    }
    if (!R.Printed.empty())
      printLowered(R, llvm::errs());
    FileID OriginalText;
    if (llvm::any_of(R.Diagnostics,
                     [](const PendingDiagnostic &P) { return P.InMainFile; }))
      OriginalText = SM.createFileID(
          llvm::MemoryBuffer::getMemBufferCopy(
              Original, SM.getBufferOrFake(Main).getBufferIdentifier()),
          SM.getFileCharacteristic(SM.getLocForStartOfFile(Main)));
    compileLoweredText(SM, Lowered);
    return std::make_unique<ReportConsumer>(
        SM, SM.getMainFileID(), std::move(R.Diagnostics), "", OriginalText);
  }

  bool ParseArgs(const CompilerInstance &CI,
                 const std::vector<std::string> &Args) override {
    DiagnosticsEngine &DE = CI.getDiagnostics();
    bool OK = true;
    auto Fail = [&](const llvm::Twine &Msg) {
      DE.Report(DE.getCustomDiagID(DiagnosticsEngine::Error, "agen plugin: %0"))
          << Msg.str();
      OK = false;
    };
    for (const std::string &Arg : Args) {
      llvm::StringRef A = Arg;
      if (A == "no-lower") {
        Opts.Lower = false;
      } else if (A.consume_front("print-lowered=")) {
        if (A.empty())
          Fail("-fplugin-arg-agen-print-lowered= needs a function name");
        else
          Opts.PrintLowered.push_back(A.str());
      } else if (A.consume_front("context-modifier=")) {
        if (A.empty())
          Fail("-fplugin-arg-agen-context-modifier= needs a type name");
        else
          Opts.ContextModifiers.push_back(A.str());
      } else if (A.starts_with("enable=") || A.starts_with("disable=")) {
        auto [Switch, Name] = A.split('=');
        if (llvm::is_contained(KnownDiagnostics, Name))
          Opts.DiagnosticSwitches[Name.str()] = Switch == "enable";
        else
          Fail("unknown diagnostic '" + Name + "' in -fplugin-arg-agen-" + A +
               " (known: agen-context-leak, agen-context-call-leak)");
      } else {
        Fail("unknown argument -fplugin-arg-agen-" + A +
             " (expected no-lower, print-lowered=<function>, "
             "enable=<diagnostic>, disable=<diagnostic> or "
             "context-modifier=<type>)");
      }
    }
    return OK;
  }

  ActionType getActionType() override { return AddBeforeMainAction; }

private:
  PluginOptions Opts;
};

} // namespace

static FrontendPluginRegistry::Add<AgenPluginAction>
    X("agen", "lower agen async generators (AGEN_GENERATOR functions)");
