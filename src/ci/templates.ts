/**
 * CI files for the repositories a centre's portfolios live in: the learner's (GitHub
 * Actions and GitLab CI, written by `init`), and the centre's, which builds every
 * learner's repository in a matrix and reads the built outputs with `cohort`.
 *
 * On CI the PDF is built unsigned: the learner's key stays on their own computer, where
 * they build and sign the PDF they hand in. What CI keeps is a record, on each push, that
 * the portfolio checks, with the site and PDF to look at, and the progress a centre reads.
 *
 * The tool is installed at the version that wrote the file, so a run next year builds as
 * this one did; PORTFOLIO_PACKAGE names another (a newer version, a centre's mirror, a
 * tarball). The build goes outside the checkout, since nothing is built inside the sources.
 */

const PACKAGE = "@vq-portfolio/portfolio";

/** The install line every template shares. */
function install(version: string): string {
  return `npm install --global --no-audit --no-fund "\${PORTFOLIO_PACKAGE:-${PACKAGE}@${version}}"`;
}

/** The GitHub Actions steps every job that runs portfolio starts with: Node 20, then portfolio. */
function setupSteps(version: string): string {
  return `      - uses: actions/setup-node@v4
        with:
          node-version: 20
      - name: Install portfolio
        run: ${install(version)}
`;
}

/**
 * Ubuntu 24.04 (GitHub's ubuntu-latest) lets no program make the user namespaces Chrome's
 * sandbox is built on unless AppArmor names it, and Chrome then refuses to start ("No
 * usable sandbox"). Lifting the restriction, one of the ways out in puppeteer's
 * troubleshooting guide and Chromium's notes on AppArmor, suits a runner (a machine used
 * once) better than running Chrome without its sandbox. Where the setting is not there
 * (other systems), nothing is done.
 */
function sandboxStep(): string {
  return `      - name: Let Chrome use its sandbox (Ubuntu 24.04 restricts user namespaces)
        run: if [ -e /proc/sys/kernel/apparmor_restrict_unprivileged_userns ]; then sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0; fi
`;
}

/** `.github/workflows/portfolio.yml` in the learner's repository (the workspace is its root). */
export function githubLearnerWorkflow(version: string): string {
  return `# Made by \`portfolio init\` (portfolio ${version}). On each push: check the portfolio, build
# the site and PDF, and keep them as the run's artifact "portfolio-site" (the run's page,
# under Artifacts). The PDF built here is unsigned: build and sign the one you hand in on
# your own computer, where your key is. Your site is published on GitHub Pages only if
# you set the repository variable PORTFOLIO_PUBLISH to true (Settings > Secrets and
# variables > Actions > Variables) and turn Pages on with "GitHub Actions" as its source:
# anyone with the address can then read it, so ask your centre first.
name: portfolio

on:
  push:
  pull_request:
  workflow_dispatch:

permissions:
  contents: read

jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
${setupSteps(version)}      - name: Check
        run: portfolio check --dir .
${sandboxStep()}      - name: Build the site and PDF
        # Google Chrome is on GitHub's Ubuntu runners; elsewhere install chromium first.
        run: portfolio build --no-sign --dir . --out "$RUNNER_TEMP/portfolio-site"
      - uses: actions/upload-artifact@v4
        with:
          name: portfolio-site
          path: \${{ runner.temp }}/portfolio-site
          if-no-files-found: error
      - uses: actions/upload-pages-artifact@v3
        if: vars.PORTFOLIO_PUBLISH == 'true' && github.ref == format('refs/heads/{0}', github.event.repository.default_branch)
        with:
          path: \${{ runner.temp }}/portfolio-site

  publish:
    needs: build
    if: vars.PORTFOLIO_PUBLISH == 'true' && github.ref == format('refs/heads/{0}', github.event.repository.default_branch)
    runs-on: ubuntu-latest
    permissions:
      pages: write
      id-token: write
    environment:
      name: github-pages
      url: \${{ steps.deployment.outputs.page_url }}
    steps:
      - id: deployment
        uses: actions/deploy-pages@v4
`;
}

/** `.gitlab-ci.yml` in the learner's repository. */
export function gitlabLearnerPipeline(version: string): string {
  return `# Made by \`portfolio init\` (portfolio ${version}). On each push: check the portfolio, build
# the site and PDF, and keep them as the job's artifacts (portfolio-site/, for 90 days).
# The PDF built here is unsigned: build and sign the one you hand in on your own computer,
# where your key is. Your site is published on GitLab Pages only if you set the CI/CD
# variable PORTFOLIO_PUBLISH to true (Settings > CI/CD > Variables): anyone who can see
# the Pages site can then read it, so ask your centre first.
portfolio:
  image: node:20-bookworm
  before_script:
    # Chromium prints the PDF (as root in the container, it runs without its sandbox).
    - command -v chromium || (apt-get update && apt-get install -y --no-install-recommends chromium)
    - ${install(version)}
  script:
    - portfolio check --dir .
    # Built outside the checkout (nothing is built inside the sources), then kept.
    - portfolio build --no-sign --dir . --out ../portfolio-site
    - rm -rf portfolio-site && cp -R ../portfolio-site portfolio-site
  artifacts:
    name: portfolio-site
    paths:
      - portfolio-site/
    expire_in: 90 days

pages:
  stage: deploy
  needs: [portfolio]
  rules:
    - if: $PORTFOLIO_PUBLISH == "true" && $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
  script:
    - rm -rf public && mv portfolio-site public
  artifacts:
    paths:
      - public
`;
}

/**
 * A centre's \`.github/workflows/cohort.yml\`: each learner's repository built in a matrix
 * job of its own (in parallel), then one job reads every built output with \`cohort\`, and
 * keeps the cohort page, cohort.json and the IQA's sampling plan as its artifact.
 */
export function githubCentreWorkflow(version: string, repositories: readonly string[]): string {
  const list = repositories.map((r) => `          - ${r}`).join("\n");
  return `# Made by \`portfolio ci --centre\` (portfolio ${version}). Each week and when run by hand:
# build every learner's portfolio repository (a job each, in parallel), then read all the
# built outputs with \`portfolio cohort\`: the artifact "cohort" holds index.html,
# cohort.json and the IQA's sampling plan (sample.csv). The learners' repositories are
# read with the secret LEARNER_REPOS_TOKEN (a token that can read them); the list below
# is the one given to \`portfolio ci\`: add a learner by adding their repository.
# PDFs built here are unsigned, so the cohort shows progress and gaps; the signed PDFs
# learners hand in are verified with \`portfolio verify\` or \`portfolio cohort\` on them.
name: cohort

on:
  workflow_dispatch:
  schedule:
    - cron: "0 6 * * 1"

permissions:
  contents: read

jobs:
  learner:
    runs-on: ubuntu-latest
    strategy:
      fail-fast: false
      max-parallel: 20
      matrix:
        repository:
${list}
    steps:
      - uses: actions/checkout@v4
        with:
          repository: \${{ matrix.repository }}
          token: \${{ secrets.LEARNER_REPOS_TOKEN }}
          path: portfolio
${setupSteps(version)}${sandboxStep()}      - name: Build the learner's site and PDF
        run: portfolio build --no-sign --dir portfolio --out "$RUNNER_TEMP/site"
      - name: Name the artifact after the repository
        id: name
        run: echo "artifact=site-$(echo '\${{ matrix.repository }}' | tr '/' '_')" >> "$GITHUB_OUTPUT"
      - uses: actions/upload-artifact@v4
        with:
          name: \${{ steps.name.outputs.artifact }}
          path: \${{ runner.temp }}/site
          if-no-files-found: error

  cohort:
    needs: learner
    # Also when some learners' builds failed (a portfolio with errors builds nothing): the rest are read.
    if: always()
    runs-on: ubuntu-latest
    steps:
      - uses: actions/download-artifact@v4
        with:
          pattern: site-*
          path: sites
${setupSteps(version)}      - name: Read the cohort
        # Exit 1 (a PDF not valid, a learner not read) is shown on the run, after the page is written.
        run: portfolio cohort sites/* --out cohort --sample --seed "$GITHUB_RUN_NUMBER"
      - uses: actions/upload-artifact@v4
        if: always()
        with:
          name: cohort
          path: cohort
`;
}
