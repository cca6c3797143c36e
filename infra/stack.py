"""The stacks that deploy, written from template.yaml: a root stack and one nested stack per service.

template.yaml is where a reader finds every function, route, queue and alarm, and what the local
gateway serves. Deployed as one stack it would pass CloudFormation's 500 resources once every
function has a published version and a ``live`` alias (about 614 after the SAM transform), so a
deploy goes through this split (docs/decisions/0016-stack-split.md):

- **one nested stack per service** (``<Service>Stack``, e.g. ``ProgramsStack``) holds the service's
  functions, with their roles, versions and ``live`` aliases, their routes on the API (an
  integration, a route and a permission each, calling the alias), and the resources named after
  the service (its consumers' queues and rules, the reports' bucket);
- **the root stack** holds the rest: the HTTP API, its stage and its JWT authorizer, the layer,
  the event bus, the logs, the alarms, the dashboard and the web app's hosting.

A reference that crosses from one stack to another becomes a parameter of the stack that uses it
(the root passes the value) or an output of the stack that holds it (read by the root as
``<Service>Stack.Outputs.<Name>``). ``AWS::StackName`` in a service stack is the stage: the root's
name, passed down as ``StageName``. Every function is named ``<stage>-<LogicalId>``, so
``infra.deploy`` finds it without asking CloudFormation.

An empty ``JwtIssuer`` (the default) makes the API's own URL the issuer, so a stage works after one
deploy: the authorizer is its own resource, created after the API it names.

    python -m infra.stack [--out build/stack]    # make stack; make build runs it, then sam build
"""

from __future__ import annotations

import argparse
import copy
import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from infra.layer import requirements_digest
from infra.local.template import TEMPLATE, Template, load_template

ROOT = TEMPLATE.parent
OUT = ROOT / "build" / "stack"
ALIAS = "live"
# The stage names the functions (<stage>-<LogicalId>): the longest logical id leaves this much of
# Lambda's 64 characters.
STAGE_MAX_LENGTH = 18
# Resources other than functions that go with the service their logical id starts with.
SERVICE_RESOURCE_TYPES = {"AWS::SQS::Queue", "AWS::SQS::QueuePolicy", "AWS::Events::Rule",
                          "AWS::S3::Bucket", "AWS::S3::BucketPolicy"}
PSEUDO = re.compile(r"AWS::\w+")
SUB_NAME = re.compile(r"\$\{([^}!][^}]*)\}")
API_URL = {"Fn::Sub": "https://${HttpApi}.execute-api.${AWS::Region}.${AWS::URLSuffix}"}


def stack_id(service: str) -> str:
    return f"{service_prefix(service)}Stack"


def service_prefix(service: str) -> str:
    """orgs -> Orgs: how the service's logical ids begin."""
    return service[:1].upper() + service[1:]


# ---------------------------------------------------------------- walking intrinsics


def references(value: Any) -> Iterator[tuple[str, str | None]]:
    """Every (name, attribute) a value refers to: Ref, Fn::GetAtt, the names inside Fn::Sub."""
    if isinstance(value, list):
        for item in value:
            yield from references(item)
    elif isinstance(value, dict):
        if set(value) == {"Ref"}:
            name = value["Ref"]
            base, _, attribute = name.partition(".")
            yield (base, attribute or None) if attribute else (name, None)
        elif set(value) == {"Fn::GetAtt"}:
            target, attribute = value["Fn::GetAtt"]
            yield target, attribute
        elif set(value) == {"Fn::Sub"}:
            text, variables = (value["Fn::Sub"], {}) if isinstance(value["Fn::Sub"], str) else value["Fn::Sub"]
            for name in SUB_NAME.findall(text):
                base, _, attribute = name.partition(".")
                if base not in variables:
                    yield base, attribute or None
            yield from references(list(variables.values()))
        else:
            for item in value.values():
                yield from references(item)


def rewrite(value: Any, replace: dict[tuple[str, str | None], Any]) -> Any:
    """The value with each reference in ``replace`` ((name, attribute) -> an intrinsic) swapped in."""
    if isinstance(value, list):
        return [rewrite(item, replace) for item in value]
    if not isinstance(value, dict):
        return value
    if set(value) == {"Ref"}:
        return replace.get((value["Ref"], None), value)
    if set(value) == {"Fn::GetAtt"}:
        target, attribute = value["Fn::GetAtt"]
        return replace.get((target, attribute), value)
    if set(value) == {"Fn::Sub"}:
        text, variables = (value["Fn::Sub"], {}) if isinstance(value["Fn::Sub"], str) else value["Fn::Sub"]
        variables = {name: rewrite(item, replace) for name, item in variables.items()}

        def swap(match: re.Match[str]) -> str:
            base, _, attribute = match.group(1).partition(".")
            if base in variables or (base, attribute or None) not in replace:
                return match.group(0)
            replacement = replace[(base, attribute or None)]
            if set(replacement) == {"Ref"}:
                return "${" + replacement["Ref"] + "}"
            if set(replacement) == {"Fn::GetAtt"}:
                return "${" + ".".join(replacement["Fn::GetAtt"]) + "}"
            name = _variable_name(base, attribute or None)
            variables[name] = replacement
            return "${" + name + "}"

        text = SUB_NAME.sub(swap, text)
        return {"Fn::Sub": [text, variables] if variables else text}
    return {key: rewrite(item, replace) for key, item in value.items()}


def _variable_name(name: str, attribute: str | None) -> str:
    return name.replace("::", "") + (attribute or "").replace(".", "")


def conditions_in(value: Any) -> set[str]:
    """The conditions a value (or a resource, through its Condition key) uses."""
    found: set[str] = set()
    if isinstance(value, list):
        for item in value:
            found |= conditions_in(item)
    elif isinstance(value, dict):
        if "Fn::If" in value:
            found.add(value["Fn::If"][0])
        if isinstance(value.get("Condition"), str):
            found.add(value["Condition"])
        for item in value.values():
            found |= conditions_in(item)
    return found


# ---------------------------------------------------------------- the split


class Split:
    """template.yaml cut into a root stack and a stack per service."""

    def __init__(self, document: dict[str, Any], out: Path = OUT) -> None:
        self.source = document
        self.code = os.path.relpath(ROOT, out.resolve())  # the code asset and the layer: the project's folder
        self.template = Template(document)
        self.resources: dict[str, dict[str, Any]] = document["Resources"]
        self.parameters: dict[str, dict[str, Any]] = document.get("Parameters", {})
        self.services = list(self.template.functions_by_service())
        self.home = {name: self._home_of(name, resource) for name, resource in self.resources.items()}
        (self.api_id,) = [name for name, resource in self.resources.items()
                          if resource["Type"] == "AWS::Serverless::HttpApi"]
        self.passed: dict[str, dict[str, Any]] = {}  # per service: its parameters' values, from the root

    def _home_of(self, name: str, resource: dict[str, Any]) -> str | None:
        """The service whose stack holds the resource; None for the root."""
        if resource["Type"] == "AWS::Serverless::Function":
            return self.template.handler_of(name).split(".")[1]
        if resource["Type"] in SERVICE_RESOURCE_TYPES:
            for service in self.template.functions_by_service():
                if name.startswith(service_prefix(service)):
                    return service
        return None

    def build(self) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
        children = {service: self._child(service) for service in self.services}
        # A child's outputs are what the root and other children read from it.
        for service, child in children.items():
            for name, attribute in sorted(self._read_from(service)):
                child.setdefault("Outputs", {})[_variable_name(name, attribute)] = {
                    "Value": {"Ref": name} if attribute is None else {"Fn::GetAtt": [name, attribute]}}
        return self._root(children), children

    def _read_from(self, service: str) -> set[tuple[str, str | None]]:
        """The references to the service's resources from outside its stack."""
        wanted: set[tuple[str, str | None]] = set()
        for name, resource in self.resources.items():
            if self.home[name] == service:
                continue
            for target, attribute in references(resource):
                if self.home.get(target, "?") == service and target in self.resources:
                    wanted.add((target, attribute))
        return wanted

    # ---- a service's stack

    def _child(self, service: str) -> dict[str, Any]:
        names = [name for name, home in self.home.items() if home == service]
        resources: dict[str, Any] = {}
        for name in names:
            resource = copy.deepcopy(self.resources[name])
            if resource["Type"] == "AWS::Serverless::Function":
                resource["Properties"]["FunctionName"] = {"Fn::Sub": "${AWS::StackName}-" + name}
                routes = self._routes_of(name, resource)
                resources[name] = resource
                resources.update(routes)
            else:
                resources[name] = resource
        globals_ = copy.deepcopy(self.source.get("Globals", {}))
        globals_["Function"]["CodeUri"] = self.code
        document: dict[str, Any] = {
            "AWSTemplateFormatVersion": self.source["AWSTemplateFormatVersion"],
            "Transform": self.source["Transform"],
            "Description": f"Proker Tracker: the {service} service's functions (written by infra/stack.py "
                           "from template.yaml)",
            "Globals": globals_,
            "Resources": resources,
        }
        # What the stack uses from outside: parameters the root passes.
        replace: dict[tuple[str, str | None], Any] = {("AWS::StackName", None): {"Ref": "StageName"}}
        parameters: dict[str, Any] = {"StageName": {
            "Type": "String", "MaxLength": STAGE_MAX_LENGTH,
            "Description": f"The stage: the root stack's name, at most {STAGE_MAX_LENGTH} characters (it begins "
                           "every function's name)"}}
        passed: dict[str, Any] = {"StageName": {"Ref": "AWS::StackName"}}
        used_conditions = conditions_in(document)
        conditions = {name: copy.deepcopy(self.source["Conditions"][name]) for name in sorted(used_conditions)}
        for target, attribute in sorted(set(references([document, conditions])), key=str):
            if target in resources or PSEUDO.fullmatch(target) or target in ("StageName", "ApiId", "AuthorizerId"):
                continue
            name = _variable_name(target, attribute)
            if target in self.parameters:
                spec = {key: value for key, value in self.parameters[target].items() if key != "Default"}
                parameters[name] = spec
                value: Any = {"Ref": target}
                if spec.get("Type") == "CommaDelimitedList":
                    value = {"Fn::Join": [",", {"Ref": target}]}
                passed[name] = value
                continue
            if target not in self.resources:
                raise ValueError(f"{service}: {target} is not a resource or parameter of template.yaml")
            parameters[name] = {"Type": "String"}
            passed[name] = {"Ref": target} if attribute is None else {"Fn::GetAtt": [target, attribute]}
            replace[(target, attribute)] = {"Ref": name}
        if any(resource["Type"] == "AWS::ApiGatewayV2::Route" for resource in resources.values()):
            parameters["ApiId"] = {"Type": "String", "Description": "The HTTP API the routes are on"}
            parameters["AuthorizerId"] = {"Type": "String", "Description": "The API's JWT authorizer"}
        document["Parameters"] = parameters
        if conditions:
            document["Conditions"] = conditions
        document = rewrite(document, replace)
        self.passed[service] = passed
        return document

    def _routes_of(self, name: str, function: dict[str, Any]) -> dict[str, Any]:
        """The function's HttpApi events as the API's integration, routes and permissions, on its alias."""
        events = function["Properties"].get("Events", {})
        routes = {event: spec for event, spec in events.items() if spec["Type"] == "HttpApi"}
        if not routes:
            return {}
        for event in routes:
            del events[event]
        if not events:
            del function["Properties"]["Events"]
        alias = {"Ref": f"{name}.Alias"}
        found: dict[str, Any] = {f"{name}Integration": {
            "Type": "AWS::ApiGatewayV2::Integration",
            "Properties": {"ApiId": {"Ref": "ApiId"}, "IntegrationType": "AWS_PROXY", "IntegrationUri": alias,
                           "PayloadFormatVersion": "2.0"}}}
        for event, spec in routes.items():
            props = spec["Properties"]
            method, path = props["Method"].upper(), props["Path"]
            public = (props.get("Auth") or {}).get("Authorizer") == "NONE"
            route: dict[str, Any] = {"ApiId": {"Ref": "ApiId"}, "RouteKey": f"{method} {path}",
                                     "Target": {"Fn::Sub": f"integrations/${{{name}Integration}}"}}
            route.update({"AuthorizationType": "NONE"} if public else
                         {"AuthorizationType": "JWT", "AuthorizerId": {"Ref": "AuthorizerId"}})
            found[f"{name}{event}Route"] = {"Type": "AWS::ApiGatewayV2::Route", "Properties": route}
            arn_path = re.sub(r"\{[^}]+\}", "*", path)
            found[f"{name}{event}Permission"] = {
                "Type": "AWS::Lambda::Permission",
                "Properties": {
                    "Action": "lambda:InvokeFunction", "FunctionName": alias, "Principal": "apigateway.amazonaws.com",
                    "SourceArn": {"Fn::Sub": "arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:"
                                             f"${{ApiId}}/*/{method}{arn_path}"}}}
        return found

    # ---- the root stack

    def _root(self, children: dict[str, dict[str, Any]]) -> dict[str, Any]:
        resources = {name: copy.deepcopy(resource) for name, resource in self.resources.items()
                     if self.home[name] is None and name != self.api_id}
        resources.update(self._api())
        layer = resources["DependenciesLayer"]["Properties"]
        layer["ContentUri"] = self.code
        layer["Description"] = f"{layer['Description']} (layer/requirements.txt sha256 {requirements_digest()})"
        for service, child in children.items():
            parameters = dict(self.passed[service])
            if "ApiId" in child["Parameters"]:
                parameters.update(ApiId={"Ref": self.api_id}, AuthorizerId={"Ref": "JwtAuthorizer"})
            resources[stack_id(service)] = {
                "Type": "AWS::Serverless::Application",
                "Properties": {"Location": f"{service}.yaml", "Parameters": parameters}}
        parameters = copy.deepcopy(self.parameters)
        # The services' resources, read through their stacks' outputs; the issuer, the parameter or the API.
        replace: dict[tuple[str, str | None], Any] = {
            ("JwtIssuer", None): {"Fn::If": ["IssuerIsTheApi", API_URL, {"Ref": "JwtIssuer"}]}}
        for target, attribute in references(resources):
            home = self.home.get(target)
            if home is not None:
                replace[(target, attribute)] = {
                    "Fn::GetAtt": [stack_id(home), f"Outputs.{_variable_name(target, attribute)}"]}
        outputs = copy.deepcopy(self.source.get("Outputs", {}))
        outputs["JwtIssuer"] = {"Description": "Issuer of access tokens (what the authorizer checks)",
                                "Value": {"Ref": "JwtIssuer"}}
        document: dict[str, Any] = {
            "AWSTemplateFormatVersion": self.source["AWSTemplateFormatVersion"],
            "Transform": self.source["Transform"],
            "Description": "Proker Tracker (written by infra/stack.py from template.yaml, which says what each "
                           "part is): the API, the layer, the bus, the alarms and the web app; a stack per service",
            "Parameters": parameters,
            "Conditions": {"IssuerIsTheApi": {"Fn::Equals": [{"Ref": "JwtIssuer"}, ""]},
                           **{name: copy.deepcopy(self.source["Conditions"][name])
                              for name in sorted(conditions_in(resources))}},
            "Resources": rewrite(resources, replace),
            "Outputs": rewrite(outputs, replace),
        }
        return document

    def _api(self) -> dict[str, Any]:
        """The HttpApi of template.yaml as plain API Gateway resources: the routes are the services'."""
        props = self.resources[self.api_id]["Properties"]
        auth = props["Auth"]
        authorizer_name = auth["DefaultAuthorizer"]
        jwt = auth["Authorizers"][authorizer_name]
        api: dict[str, Any] = {"Name": {"Ref": "AWS::StackName"}, "ProtocolType": "HTTP"}
        if "CorsConfiguration" in props:
            api["CorsConfiguration"] = copy.deepcopy(props["CorsConfiguration"])
        stage: dict[str, Any] = {"ApiId": {"Ref": self.api_id}, "StageName": "$default", "AutoDeploy": True}
        if "DefaultRouteSettings" in props:
            stage["DefaultRouteSettings"] = copy.deepcopy(props["DefaultRouteSettings"])
        if "AccessLogSettings" in props:
            stage["AccessLogSettings"] = copy.deepcopy(props["AccessLogSettings"])
        return {
            self.api_id: {"Type": "AWS::ApiGatewayV2::Api", "Properties": api},
            f"{self.api_id}Stage": {"Type": "AWS::ApiGatewayV2::Stage", "Properties": stage},
            "JwtAuthorizer": {"Type": "AWS::ApiGatewayV2::Authorizer", "Properties": {
                "ApiId": {"Ref": self.api_id}, "Name": authorizer_name, "AuthorizerType": "JWT",
                "IdentitySource": [jwt["IdentitySource"]],
                "JwtConfiguration": {"Issuer": {"Ref": "JwtIssuer"},
                                     "Audience": copy.deepcopy(jwt["JwtConfiguration"]["audience"])}}},
        }


def split(document: dict[str, Any] | None = None, out: Path = OUT) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """The root stack and each service's stack (by service name), from template.yaml, to be written to ``out``."""
    return Split(document if document is not None else load_template(), out).build()


def write(out: Path = OUT) -> list[Path]:
    """Write the stacks to ``out``: ``template.yaml`` (the root) and ``<service>.yaml``."""
    root, children = split(out=out)
    out.mkdir(parents=True, exist_ok=True)
    written = [out / "template.yaml"]
    _dump(root, written[0])
    for service, child in children.items():
        written.append(out / f"{service}.yaml")
        _dump(child, written[-1])
    return written


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True  # each value written out where it is used, as a reader expects


def _dump(document: dict[str, Any], path: Path) -> None:
    header = "# Written by `python -m infra.stack` from template.yaml: edit template.yaml, not this.\n"
    path.write_text(header + yaml.dump(document, Dumper=_Dumper, sort_keys=False, width=120, allow_unicode=True))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    for path in write(args.out):
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
