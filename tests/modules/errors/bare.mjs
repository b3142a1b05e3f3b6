import _ from "lodash";
