"""Read ``template.yaml``, the one list of routes, schedules and functions the local tools read (its functions
are written by ``make template`` from the handlers' routes and functions/<service>/functions.yaml: infra/template.py).

A small reader for what the local tools need: the CloudFormation short forms (``!Ref``,
``!Sub``, ...) are loaded as their long forms, and ``Ref``/``Fn::Sub`` of parameters are
resolved with the parameter values given (else their defaults).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

TEMPLATE = Path(__file__).resolve().parents[2] / "template.yaml"


# libyaml's parser where PyYAML was built with it (its wheels are): template.yaml in 40 ms instead of 310 ms,
# which every local tool, `make deploy-function` and many tests pay. The same safe constructors either way.
class _CfnLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    pass


def _construct_tag(loader: _CfnLoader, tag_suffix: str, node: yaml.Node) -> dict[str, Any]:
    if isinstance(node, yaml.ScalarNode):
        value: Any = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)  # type: ignore[arg-type]
    if tag_suffix == "Ref":
        return {"Ref": value}
    if tag_suffix == "GetAtt" and isinstance(value, str):
        value = value.split(".", 1)
    return {f"Fn::{tag_suffix}": value}


_CfnLoader.add_multi_constructor("!", _construct_tag)


def load_template(path: Path = TEMPLATE) -> dict[str, Any]:
    return yaml.load(path.read_text(), Loader=_CfnLoader)  # noqa: S506 (a SafeLoader subclass)


@dataclass(frozen=True)
class Route:
    function_id: str
    handler: str
    method: str
    path: str  # API Gateway form, e.g. /auth/sessions/{session_id}
    public: bool

    @property
    def route_key(self) -> str:
        return f"{self.method} {self.path}"

    @functools.cached_property
    def pattern(self) -> re.Pattern[str]:
        """The path as a regular expression, built once per route (the gateway matches every request)."""
        parts = []
        for segment in self.path.strip("/").split("/"):
            match = re.fullmatch(r"\{(\w+)(\+?)\}", segment)
            if match and match.group(2):
                parts.append(f"(?P<{match.group(1)}>.+)")
            elif match:
                parts.append(f"(?P<{match.group(1)}>[^/]+)")
            else:
                parts.append(re.escape(segment))
        return re.compile("^/" + "/".join(parts) + "$")


@dataclass(frozen=True)
class JwtAuthorizer:
    name: str
    issuer: str
    audience: tuple[str, ...]


@dataclass(frozen=True)
class Cors:
    allow_origins: tuple[str, ...]
    allow_methods: tuple[str, ...]
    allow_headers: tuple[str, ...]
    expose_headers: tuple[str, ...]
    max_age: int | None


class Template:
    def __init__(self, document: Mapping[str, Any], parameters: Mapping[str, str] | None = None) -> None:
        self.document = document
        declared = document.get("Parameters", {})
        self.parameters = {name: str(spec.get("Default", "")) for name, spec in declared.items()}
        self.parameters.update({k: v for k, v in (parameters or {}).items() if k in declared})
        self.parameters.setdefault("AWS::Region", "local")

    @classmethod
    def load(cls, parameters: Mapping[str, str] | None = None, path: Path = TEMPLATE) -> Template:
        return cls(load_template(path), parameters)

    def resolve(self, value: Any) -> Any:
        """Resolve ``Ref`` and ``Fn::Sub`` of parameters; other intrinsics are left alone."""
        if isinstance(value, dict) and set(value) == {"Ref"} and value["Ref"] in self.parameters:
            return self.parameters[value["Ref"]]
        if isinstance(value, dict) and set(value) == {"Fn::Sub"} and isinstance(value["Fn::Sub"], str):
            return re.sub(r"\$\{([\w:]+)\}", lambda m: self.parameters.get(m.group(1), m.group(0)), value["Fn::Sub"])
        if isinstance(value, dict):
            return {k: self.resolve(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self.resolve(v) for v in value]
        return value

    @property
    def resources(self) -> dict[str, Any]:
        return self.document["Resources"]

    def functions(self) -> dict[str, dict[str, Any]]:
        return {name: res for name, res in self.resources.items() if res["Type"] == "AWS::Serverless::Function"}

    def handler_of(self, function_id: str) -> str:
        props = self.functions()[function_id]["Properties"]
        return props.get("Handler") or self.document["Globals"]["Function"]["Handler"]

    def functions_by_service(self) -> dict[str, list[str]]:
        """Each service's functions (``functions.<service>.…`` handlers), in the template's order."""
        found: dict[str, list[str]] = {}
        for function_id in self.functions():
            found.setdefault(self.handler_of(function_id).split(".")[1], []).append(function_id)
        return found

    def routes(self) -> list[Route]:
        routes = []
        for function_id, resource in self.functions().items():
            for event in resource["Properties"].get("Events", {}).values():
                if event["Type"] != "HttpApi":
                    continue
                props = event["Properties"]
                authorizer = (props.get("Auth") or {}).get("Authorizer")
                routes.append(Route(
                    function_id=function_id,
                    handler=self.handler_of(function_id),
                    method=props["Method"].upper(),
                    path=props["Path"],
                    public=authorizer == "NONE",
                ))
        return routes

    def _http_api(self) -> dict[str, Any]:
        apis = [r for r in self.resources.values() if r["Type"] == "AWS::Serverless::HttpApi"]
        if len(apis) != 1:
            raise ValueError("the template must declare exactly one HttpApi")
        return self.resolve(apis[0]["Properties"])

    def authorizer(self) -> JwtAuthorizer:
        auth = self._http_api()["Auth"]
        name = auth["DefaultAuthorizer"]
        config = auth["Authorizers"][name]["JwtConfiguration"]
        return JwtAuthorizer(name=name, issuer=str(config["issuer"]).rstrip("/"),
                             audience=tuple(config["audience"]))

    def cors(self) -> Cors:
        config = self._http_api().get("CorsConfiguration", {})

        def listed(key: str) -> tuple[str, ...]:
            value = config.get(key, [])
            if isinstance(value, str):
                value = value.split(",")
            return tuple(v.strip() for v in value)

        return Cors(
            allow_origins=listed("AllowOrigins"),
            allow_methods=tuple(m.upper() for m in listed("AllowMethods")),
            allow_headers=tuple(h.lower() for h in listed("AllowHeaders")),
            expose_headers=listed("ExposeHeaders"),
            max_age=config.get("MaxAge"),
        )
