import type MarkdownIt from "markdown-it";

export type Token = ReturnType<MarkdownIt["parse"]>[number];
export type StateCore = Parameters<Parameters<MarkdownIt["core"]["ruler"]["push"]>[1]>[0];
