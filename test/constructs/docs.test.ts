/**
 * The construct library's documentation contract (DESIGN.md §3, construct style): every exported
 * construct or aspect shows how it is created (`@example` with `new <Class>(`), every field of a
 * props type (and of the interfaces it extends) says what it is in words of its own, and every
 * optional field of an exported props type says what happens without it (`@default`).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";

const CONSTRUCTS = path.resolve(__dirname, "../../constructs");

function sourceFiles(): ts.SourceFile[] {
  return fs
    .readdirSync(CONSTRUCTS, { recursive: true, encoding: "utf8" })
    .filter((entry) => entry.endsWith(".ts"))
    .sort()
    .map((entry) =>
      ts.createSourceFile(
        `constructs/${entry.split(path.sep).join("/")}`,
        fs.readFileSync(path.join(CONSTRUCTS, entry), "utf8"),
        ts.ScriptTarget.Latest,
        true,
      ),
    );
}

const isExported = (node: ts.Node): boolean =>
  ts.canHaveModifiers(node) &&
  (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);

const line = (file: ts.SourceFile, node: ts.Node) =>
  file.getLineAndCharacterOfPosition(node.getStart()).line + 1;

/** The text of a node's JSDoc tags named `name`. */
function tagTexts(node: ts.Node, name: string): string[] {
  return ts
    .getJSDocTags(node)
    .filter((tag) => tag.tagName.text === name)
    .map((tag) => ts.getTextOfJSDocComment(tag.comment) ?? "");
}

/** A class that is a construct (extends Construct) or an aspect (implements IAspect). */
function isConstructOrAspect(node: ts.ClassDeclaration): boolean {
  return (node.heritageClauses ?? []).some((clause) =>
    clause.types.some((type) => ["Construct", "IAspect"].includes(type.expression.getText())),
  );
}

describe("construct documentation", () => {
  const files = sourceFiles();

  test("every exported construct and aspect has an @example that creates it", () => {
    const missing: string[] = [];
    let checked = 0;
    for (const file of files) {
      file.forEachChild((node) => {
        if (!ts.isClassDeclaration(node) || !node.name || !isExported(node) || !isConstructOrAspect(node))
          return;
        checked++;
        const name = node.name.text;
        if (!tagTexts(node, "example").some((text) => text.includes(`new ${name}(`)))
          missing.push(`${file.fileName}:${line(file, node)} ${name}`);
      });
    }
    expect(checked).toBeGreaterThanOrEqual(29);
    expect(missing).toEqual([]);
  });

  test("every field of a props type, and of the interfaces it extends, says what it is", () => {
    const declarations = new Map<
      string,
      { file: ts.SourceFile; node: ts.InterfaceDeclaration | ts.TypeAliasDeclaration }
    >();
    for (const file of files)
      file.forEachChild((node) => {
        if ((ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node)) && isExported(node))
          declarations.set(node.name.text, { file, node });
      });
    const props = [...declarations.keys()].filter((name) => name.endsWith("Props"));
    const checked = new Set<string>();
    const undescribed: string[] = [];
    /** A JSDoc with words of its own, not only tags such as `@default`. */
    const described = (member: ts.Node) =>
      ts
        .getJSDocCommentsAndTags(member)
        .some((doc) => ts.isJSDoc(doc) && (ts.getTextOfJSDocComment(doc.comment) ?? "").trim() !== "");
    const check = (name: string): void => {
      const found = declarations.get(name);
      if (!found || checked.has(name)) return; // declared outside constructs/, or seen
      checked.add(name);
      const { file, node } = found;
      // An interface's members, or those of the object types a type alias is made of (`A | B`).
      const visit = (child: ts.Node): void => {
        if (ts.isPropertySignature(child) && !described(child))
          undescribed.push(`${file.fileName}:${line(file, child)} ${name}.${child.name.getText(file)}`);
        if (!ts.isPropertySignature(child)) ts.forEachChild(child, visit);
      };
      if (ts.isInterfaceDeclaration(node)) node.members.forEach(visit);
      else visit(node.type);
      for (const clause of ts.isInterfaceDeclaration(node) ? (node.heritageClauses ?? []) : [])
        for (const type of clause.types) check(type.expression.getText(file));
    };
    props.forEach(check);
    expect(props.length).toBeGreaterThanOrEqual(30);
    expect(checked).toContain("AzureResourcePlacement");
    expect(checked).toContain("RunAsProps");
    expect(undescribed).toEqual([]);
  });

  test("every optional field of an exported interface or type has a @default", () => {
    const missing: string[] = [];
    for (const file of files) {
      file.forEachChild((declaration) => {
        if (!(ts.isInterfaceDeclaration(declaration) || ts.isTypeAliasDeclaration(declaration))) return;
        if (!isExported(declaration)) return;
        const visit = (node: ts.Node): void => {
          if (ts.isPropertySignature(node) && node.questionToken && tagTexts(node, "default").length === 0)
            missing.push(
              `${file.fileName}:${line(file, node)} ${declaration.name.text}.${node.name.getText(file)}`,
            );
          ts.forEachChild(node, visit);
        };
        visit(declaration);
      });
    }
    expect(missing).toEqual([]);
  });
});
